"""The tiny test runner the CLI test scripts share: register with @test, run
with main(); prints 'N passed, N failed' last (which ctest and CI read)."""
import sys
import traceback

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def main():
    passed = failed = 0
    for fn in TESTS:
        try:
            fn()
            passed += 1
        except Exception:
            failed += 1
            print("FAIL %s" % fn.__name__)
            traceback.print_exc()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)

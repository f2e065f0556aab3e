# SPDX-License-Identifier: Apache-2.0
"""Where the end-to-end suites find what they test. ctest sets the variables;
a developer may run `pytest tests/e2e/cli` after building into build/."""
import os

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(SOURCE, "examples")
BUILD = os.path.abspath(os.environ.get("CELLOS_BUILD_DIR", os.path.join(SOURCE, "build")))
BINARY = os.path.abspath(os.environ.get("CELLOS_BINARY", os.path.join(BUILD, "app", "cellos-project")))
MOCK_CLUSTER = os.path.abspath(os.environ.get("CELLOS_MOCK_CLUSTER",
                                              os.path.join(BUILD, "tests", "mock_kafka_cluster")))

# SPDX-License-Identifier: Apache-2.0
# The hardening Debian builds its packages with (dpkg-buildflags with
# hardening=+all on amd64): stack protector and clash protection, control-flow
# protection, fortified libc calls, format-string checks, PIE, full RELRO and
# immediate binding (bindnow). hardening-check verifies the result (the
# package test). Sanitizer and fuzzing trees instrument the code themselves
# and go without.
option(CELLOS_HARDENING "Build with Debian's hardening flags (dpkg-buildflags, hardening=+all)" ON)

if(CELLOS_HARDENING AND NOT CELLOS_INSTRUMENTED)
  include(CheckPIESupported)
  check_pie_supported(LANGUAGES CXX)
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
  add_compile_options(-fstack-protector-strong -fstack-clash-protection -fcf-protection
                      -Wformat -Werror=format-security)
  # _FORTIFY_SOURCE needs optimisation: glibc warns (an error here) without it.
  add_compile_definitions($<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
  # Full RELRO: relocations resolved at start-up, then read-only. Measured on
  # the small-log benchmark in docs/performance.md.
  add_link_options(-Wl,-z,relro -Wl,-z,now)
endif()

# SPDX-License-Identifier: Apache-2.0
# cpack -G DEB builds two Debian packages, cellos-project (the tool) and
# libcellos-dev (the library, for building against it), plus the detached
# debug symbols of the tool (cellos-project-dbgsym, a .ddeb), as Debian does.
# They follow the Debian Policy Manual and pass lintian (tests/e2e/package/
# test_debian_package.py); build them from a tree configured with
# -DCMAKE_INSTALL_PREFIX=/usr, which puts libraries and pkg-config files in the
# multiarch directory (README, "Debian packages").

set(CELLOS_PACKAGE_MAINTAINER "The cellos-project developers <maintainers@cellos-project.org>"
    CACHE STRING "The Maintainer of the Debian packages: whoever publishes them")

# Each package's documentation directory holds its copyright (DEP-5) and
# changelog; the tool's also the README, docs and examples.
foreach(component tool dev)
  set(package cellos-project)
  if(component STREQUAL dev)
    set(package libcellos-dev)
  endif()
  install(FILES packaging/debian/copyright DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package}
          COMPONENT ${component})
  install(FILES ${PROJECT_BINARY_DIR}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package} COMPONENT ${component})
endforeach()
# The Debian changelog, compressed as Policy wants it (gzip -9n: no name, no time).
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/changelog.gz
  COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/packaging/debian/changelog > ${PROJECT_BINARY_DIR}/changelog.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/packaging/debian/changelog
  COMMENT "Compressing the Debian changelog")
add_custom_target(cellos_debian_changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/changelog.gz)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL tool dev)
set(CPACK_PACKAGE_NAME cellos-project)
set(CPACK_PACKAGE_VENDOR "The cellos-project developers")
set(CPACK_PACKAGE_CONTACT "${CELLOS_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CELLOS_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Executables stripped: with CELLOS_DEBUG_SYMBOLS, CPack strips them itself and
# keeps their symbols in cellos-project-dbgsym (a .ddeb, found by build id).
if(CELLOS_DEBUG_SYMBOLS)
  set(CPACK_DEBIAN_TOOL_DEBUGINFO_PACKAGE ON)
else()
  set(CPACK_STRIP_FILES ON)
endif()

set(CPACK_DEBIAN_TOOL_PACKAGE_NAME cellos-project)
set(CPACK_DEBIAN_TOOL_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOL_DESCRIPTION "replay CellOS CloudEvent logs through the cell state reducer
cellos-project replays logs of CellOS CloudEvents (one JSON event per line,
plain, gzip or zstd, from files or a Kafka topic) through the canonical cell
state reducer, one reducer per cell, and prints every cell's final snapshot,
or the first event the reducer rejected, with an exit code CI jobs act on.
.
It keeps state between runs (resume, as-of, diff), writes JUnit reports and
GitHub annotations, and replays gigabytes of logs a second on all cores.")
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
# SQLite, zlib, zstd and civetweb are loaded with dlopen when first used (see
# cellos/base/detail/shared_library.hpp), so dpkg-shlibdeps cannot see them:
# they are named here, and shlibdeps adds what is linked.
set(CPACK_DEBIAN_TOOL_PACKAGE_DEPENDS "libsqlite3-0, zlib1g, libzstd1, libcivetweb1")
if(DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_TOOL_PACKAGE_SHLIBDEPS ON)  # runtime dependencies from the linked libraries
else()
  string(APPEND CPACK_DEBIAN_TOOL_PACKAGE_DEPENDS ", libc6, librdkafka1")
endif()
# Packed relocations (cmake/startup_layout.cmake) need glibc 2.36's loader;
# dpkg-shlibdeps goes by the symbols used, which ask only for 2.35.
if(CELLOS_STARTUP_RELR)
  string(APPEND CPACK_DEBIAN_TOOL_PACKAGE_DEPENDS ", libc6 (>= 2.36)")
endif()

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libcellos-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_DESCRIPTION "CellOS cell state reducer and replay engine (C++20 libraries)
libcellos is the library behind cellos-project: the canonical CellOS cell
state reducer, the replay engine that reads CloudEvent logs into it, the
printers of its reports and a Kafka replayer, as static C++20 libraries with
their headers, a CMake package (find_package(cellos)) and pkg-config files.")
# The static libraries' users link what they link (librdkafka), and their
# programs load what libcellos loads when used.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libsqlite3-0, zlib1g, libzstd1, librdkafka-dev")
include(CPack)

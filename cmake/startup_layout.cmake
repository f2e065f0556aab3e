# SPDX-License-Identifier: Apache-2.0
# Where the executables' start-up code lies in the file.
#
# A CI job replays one small log, so start-up is most of its time, and much
# of a start is page faults on the executable's code: the kernel maps the
# code a fault lands in 64 KiB at a time, and the functions a small replay
# runs were spread over ~30 such windows of the 2 MB of code. Each function
# is compiled into a section of its own (-ffunction-sections, data likewise),
# lld lays out the ~650 functions listed in app/startup-order.txt (made by
# tools/startup_order.py) together and first, and sections nothing refers to
# are dropped (--gc-sections: ~1 MB of unused library code). The listed
# functions then fill 9 windows: 126 -> 102 page faults and ~0.45 ms less
# for a small log on a machine where a fault is dear (docs/performance.md).
#
# A name the list has and the program no longer does is ignored, so a stale
# list costs speed, never correctness; the startup-layout test says when it
# has gone stale. Without lld (Debian's lld package) the executables are
# linked as usual, only without the unused code. Sanitizer and fuzzing trees
# keep their usual layout.
option(CELLOS_STARTUP_LAYOUT "Lay out the executables' start-up functions together (needs lld)" ON)

set(CELLOS_STARTUP_ORDER_FILE ${PROJECT_SOURCE_DIR}/app/startup-order.txt)
set(CELLOS_STARTUP_SECTIONS OFF)  # one section per function, unused ones dropped
set(CELLOS_STARTUP_ORDERED OFF)   # and the listed ones laid out first, by lld
if(CELLOS_STARTUP_LAYOUT AND NOT CELLOS_INSTRUMENTED)
  set(CELLOS_STARTUP_SECTIONS ON)
  add_compile_options(-ffunction-sections -fdata-sections)
  include(CheckLinkerFlag)
  check_linker_flag(CXX -fuse-ld=lld CELLOS_HAVE_LLD)
  if(CELLOS_HAVE_LLD)
    set(CELLOS_STARTUP_ORDERED ON)
  else()
    message(STATUS "lld not found: the executables' start-up functions are not laid out "
                   "together (install Debian's lld for a faster start)")
  endif()
endif()

function(cellos_startup_layout target)
  if(NOT CELLOS_STARTUP_SECTIONS)
    return()
  endif()
  target_link_options(${target} PRIVATE -Wl,--gc-sections)
  if(CELLOS_STARTUP_ORDERED)
    target_link_options(${target} PRIVATE -fuse-ld=lld
      -Wl,--symbol-ordering-file=${CELLOS_STARTUP_ORDER_FILE} -Wl,--no-warn-symbol-ordering)
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${CELLOS_STARTUP_ORDER_FILE})
  endif()
endfunction()

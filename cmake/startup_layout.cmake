# SPDX-License-Identifier: Apache-2.0
# Where the executables' start-up code lies in the file, and how little the
# dynamic loader has to do before it runs.
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
# Then the relocations. A position-independent executable's vtables and
# other pointers (~3,700 of them: libstdc++'s locale facets, spdlog's
# formatters, CLI11's option callbacks) are fixed up by the loader at every
# start, from a table of 24 bytes per pointer (88 KB, read through the cache
# at each start). lld 15 and later pack that table into ~600 bytes (DT_RELR,
# -z pack-relative-relocs; glibc 2.36 reads it): ~0.08 ms less per start on
# that machine. The newest lld found is used (Debian's lld-16 package, else
# lld); the packed table only where a test program linked with it runs here,
# so a loader without DT_RELR never sees one.
#
# A name the list has and the program no longer does is ignored, so a stale
# list costs speed, never correctness; the startup-layout test says when it
# has gone stale. Without lld the executables are linked as usual, only
# without the unused code. Sanitizer and fuzzing trees keep their usual
# layout.
option(CELLOS_STARTUP_LAYOUT "Lay out the executables' start-up functions together (needs lld)" ON)

set(CELLOS_STARTUP_ORDER_FILE ${PROJECT_SOURCE_DIR}/app/startup-order.txt)
set(CELLOS_STARTUP_SECTIONS OFF)  # one section per function, unused ones dropped
set(CELLOS_STARTUP_ORDERED OFF)   # and the listed ones laid out first, by lld
set(CELLOS_STARTUP_RELR OFF)      # and the relocations packed (DT_RELR)

# Sets CELLOS_LLD_OPTIONS to what makes g++ link with the newest lld found,
# CELLOS_STARTUP_ORDERED when there is one, and CELLOS_STARTUP_RELR when its
# packed relocations run here. g++ 12 takes no linker path, only
# -fuse-ld=lld, which runs the first `ld.lld` in its program path: -B puts
# the directory of the one found first.
macro(cellos_find_lld)
  find_program(CELLOS_LLD NAMES ld.lld-19 ld.lld-18 ld.lld-17 ld.lld-16 ld.lld-15 ld.lld
               DOC "lld, which lays out the start-up functions (the newest is looked for first)")
  if(CELLOS_LLD)
    get_filename_component(lld_real "${CELLOS_LLD}" REALPATH)
    get_filename_component(lld_dir "${lld_real}" DIRECTORY)
    set(CELLOS_LLD_OPTIONS -B${lld_dir}/ -fuse-ld=lld)
    unset(lld_real)
    unset(lld_dir)
    include(CheckLinkerFlag)
    check_linker_flag(CXX "${CELLOS_LLD_OPTIONS}" CELLOS_HAVE_LLD)
  endif()
  if(CELLOS_HAVE_LLD)
    set(CELLOS_STARTUP_ORDERED ON)
    include(CheckCXXSourceRuns)
    set(CMAKE_REQUIRED_FLAGS -fPIE)
    # --fatal-warnings: an lld that does not know the option only warns.
    set(CMAKE_REQUIRED_LINK_OPTIONS ${CELLOS_LLD_OPTIONS} -pie -Wl,-z,pack-relative-relocs
        -Wl,--fatal-warnings)
    check_cxx_source_runs([[
      // Pointers the loader relocates, which the packed table must carry.
      static const char* const kWords[] = {"packed", "relocations", "run"};
      int main() { return kWords[2][0] == 'r' ? 0 : 1; }
    ]] CELLOS_HAVE_RELR)
    unset(CMAKE_REQUIRED_FLAGS)
    unset(CMAKE_REQUIRED_LINK_OPTIONS)
    if(CELLOS_HAVE_RELR)
      set(CELLOS_STARTUP_RELR ON)
    else()
      message(STATUS "${CELLOS_LLD} cannot pack relocations that run here: the loader reads "
                     "them unpacked (lld 15 or later and glibc 2.36 pack them)")
    endif()
  endif()
endmacro()
if(CELLOS_STARTUP_LAYOUT AND NOT CELLOS_INSTRUMENTED)
  set(CELLOS_STARTUP_SECTIONS ON)
  add_compile_options(-ffunction-sections -fdata-sections)
  cellos_find_lld()
  if(NOT CELLOS_STARTUP_ORDERED)
    message(STATUS "lld not found: the executables' start-up functions are not laid out "
                   "together (install Debian's lld-16 for a faster start)")
  endif()
endif()

function(cellos_startup_layout target)
  if(NOT CELLOS_STARTUP_SECTIONS)
    return()
  endif()
  target_link_options(${target} PRIVATE -Wl,--gc-sections)
  if(CELLOS_STARTUP_ORDERED)
    target_link_options(${target} PRIVATE ${CELLOS_LLD_OPTIONS}
      -Wl,--symbol-ordering-file=${CELLOS_STARTUP_ORDER_FILE} -Wl,--no-warn-symbol-ordering)
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${CELLOS_STARTUP_ORDER_FILE})
  endif()
  if(CELLOS_STARTUP_RELR)
    target_link_options(${target} PRIVATE -Wl,-z,pack-relative-relocs)
  endif()
endfunction()

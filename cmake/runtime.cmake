# SPDX-License-Identifier: Apache-2.0
# The C++ runtime linked into the executables. The shared libstdc++ costs
# ~0.4 ms at every start (loading, ~2,000 relocations, its locale and iostream
# initialisers) — half of what the reference replayer takes for a whole small
# log. Linked statically, only the parts used are copied in and nothing is
# loaded; GCC supports this (-static-libstdc++, -static-libgcc) and Debian's
# g++ ships the archives. The library targets are not affected: what embeds
# libcellos chooses its own runtime. Sanitizer and fuzzing trees keep the
# shared runtime their instrumentation expects.
option(CELLOS_STATIC_RUNTIME "Link libstdc++ and libgcc statically into the executables" ON)

# libstdc++'s std::to_chars for doubles asks libm for the rounding mode
# (fegetround, fesetround), and nothing else in the executables uses libm.
# With the static libstdc++, those two come from glibc's static libm too and
# libm.so is not loaded at all (--as-needed drops it): one library less to
# map, relocate and bind at every start (~0.1 ms of a 1.5 ms small-log run
# measured on a slow machine). Should a later libstdc++ need more of libm,
# the rest still comes from libm.so. Without libm.a, libm.so is linked as
# before.
find_library(CELLOS_LIBM_ARCHIVE NAMES libm.a)

function(cellos_static_runtime target)
  if(CELLOS_STATIC_RUNTIME AND NOT CELLOS_INSTRUMENTED)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
    if(CELLOS_LIBM_ARCHIVE)
      # The archive is scanned before libstdc++'s: name what it must supply.
      target_link_options(${target} PRIVATE -Wl,--as-needed -Wl,--undefined=fegetround
                          -Wl,--undefined=fesetround)
      target_link_libraries(${target} PRIVATE ${CELLOS_LIBM_ARCHIVE})
    endif()
  endif()
endfunction()

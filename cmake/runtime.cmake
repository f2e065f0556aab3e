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

function(cellos_static_runtime target)
  if(CELLOS_STATIC_RUNTIME AND NOT CELLOS_SANITIZE AND NOT CELLOS_TSAN AND NOT CELLOS_FUZZ)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()

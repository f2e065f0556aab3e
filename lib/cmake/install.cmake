# SPDX-License-Identifier: Apache-2.0
# Installing libcellos: headers, libraries, a CMake package with one component
# per library, and a pkg-config file per library.
#
#   find_package(cellos 0.2 REQUIRED COMPONENTS reducer replay)
#   target_link_libraries(app PRIVATE cellos::replay)
#
#   c++ -std=c++20 app.cpp $(pkg-config --cflags --libs cellos-replay)
#
# CPack puts all of it in the libcellos-dev package (component "dev").
include(CMakePackageConfigHelpers)

set(CELLOS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cellos)
set(CELLOS_PKGCONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Which header folders each library installs (its stages).
set(CELLOS_reducer_STAGES base json event reducer)
set(CELLOS_replay_STAGES input replay report)
set(CELLOS_kafka_STAGES kafka)

# What a static library's users must link as well, for pkg-config.
set(CELLOS_reducer_PC_REQUIRES "")
set(CELLOS_reducer_PC_LIBS "")
set(CELLOS_replay_PC_REQUIRES "cellos-reducer = ${PROJECT_VERSION}")
set(CELLOS_replay_PC_LIBS "-pthread -ldl")
set(CELLOS_kafka_PC_REQUIRES "cellos-replay = ${PROJECT_VERSION}, rdkafka")
set(CELLOS_kafka_PC_LIBS "")

# The .pc files find the prefix from where they lie, so that an installation
# moved (cmake --install --prefix, DESTDIR, a .deb) still points at itself.
file(RELATIVE_PATH CELLOS_PC_TO_PREFIX /prefix/${CELLOS_PKGCONFIG_DIR} /prefix)

foreach(component reducer replay kafka)
  install(TARGETS cellos_${component} EXPORT cellos-${component}-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev NAMELINK_COMPONENT dev
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  foreach(stage IN LISTS CELLOS_${component}_STAGES)
    install(DIRECTORY include/cellos/${stage} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cellos
      COMPONENT dev)
  endforeach()
  install(EXPORT cellos-${component}-targets NAMESPACE cellos::
    FILE cellos-${component}-targets.cmake DESTINATION ${CELLOS_CMAKE_DIR} COMPONENT dev)

  set(CELLOS_PC_NAME cellos-${component})
  set(CELLOS_PC_REQUIRES ${CELLOS_${component}_PC_REQUIRES})
  set(CELLOS_PC_LIBS ${CELLOS_${component}_PC_LIBS})
  # A shared library brings its own dependencies; only a static one's users link them.
  if(BUILD_SHARED_LIBS)
    set(CELLOS_PC_REQUIRES_FIELD "Requires.private")
  else()
    set(CELLOS_PC_REQUIRES_FIELD "Requires")
  endif()
  configure_file(cmake/cellos.pc.in ${CMAKE_CURRENT_BINARY_DIR}/cellos-${component}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cellos-${component}.pc
    DESTINATION ${CELLOS_PKGCONFIG_DIR} COMPONENT dev)
endforeach()

configure_package_config_file(cmake/cellosConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/cellosConfig.cmake INSTALL_DESTINATION ${CELLOS_CMAKE_DIR})
# 0.x: a minor release may change the API, so only the same minor version is compatible.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/cellosConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cellosConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/cellosConfigVersion.cmake
  DESTINATION ${CELLOS_CMAKE_DIR} COMPONENT dev)

# A package build compiles with -g (CELLOS_DEBUG_SYMBOLS) for the tool's
# dbgsym package; the static libraries are installed without their debug
# sections, as Debian's dh_strip --strip-debug leaves them.
if(CELLOS_DEBUG_SYMBOLS)
  install(CODE "
    file(GLOB archives \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/libcellos-*.a\")
    foreach(archive IN LISTS archives)
      execute_process(COMMAND ${CMAKE_STRIP} --strip-debug --enable-deterministic-archives \${archive})
    endforeach()" COMPONENT dev)
endif()

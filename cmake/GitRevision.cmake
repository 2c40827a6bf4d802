# Records the git revision a build is made from, for `drillsim --version`.
#
# Included from the top CMakeLists.txt, it defines drill_git_revision_source(OUT):
# a custom target that re-reads the revision on every build (not only at
# configure time) and rewrites OUT only when the revision changed, so an
# unchanged tree recompiles nothing. Run as a script (cmake -P) it does the
# reading: inputs SOURCE_DIR and OUTPUT. "unknown" outside a git checkout.
if(CMAKE_SCRIPT_MODE_FILE)
  find_package(Git QUIET)
  set(revision "unknown")
  if(GIT_FOUND AND EXISTS "${SOURCE_DIR}/.git")
    execute_process(
      COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
      WORKING_DIRECTORY "${SOURCE_DIR}"
      OUTPUT_VARIABLE revision
      OUTPUT_STRIP_TRAILING_WHITESPACE
      ERROR_QUIET)
    if(NOT revision)
      set(revision "unknown")
    endif()
  endif()
  set(text "// Generated at build time by cmake/GitRevision.cmake.\n#include \"app/version.hpp\"\n\nnamespace drill::app {\nconst char* const kGitRevision = \"${revision}\";\n}  // namespace drill::app\n")
  if(EXISTS "${OUTPUT}")
    file(READ "${OUTPUT}" old)
  endif()
  if(NOT old STREQUAL text)
    file(WRITE "${OUTPUT}" "${text}")
  endif()
  return()
endif()

function(drill_git_revision_source out)
  add_custom_target(drill_git_revision
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DOUTPUT=${out}
            -P ${PROJECT_SOURCE_DIR}/cmake/GitRevision.cmake
    BYPRODUCTS ${out}
    COMMENT "Reading the git revision"
    VERBATIM)
endfunction()

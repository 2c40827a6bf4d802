# Records the git revision the build was made from, for `drillsim --version`.
# Read at configure time; "unknown" outside a git checkout.
find_package(Git QUIET)
set(DRILL_GIT_REVISION "unknown")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    OUTPUT_VARIABLE DRILL_GIT_REVISION
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
  if(NOT DRILL_GIT_REVISION)
    set(DRILL_GIT_REVISION "unknown")
  endif()
endif()

# Runs `promtool check metrics` (Debian package prometheus) on FILE. Fails,
# never skips, when promtool is missing: the check is part of the suite.
find_program(PROMTOOL promtool)
if(NOT PROMTOOL)
  message(FATAL_ERROR "promtool not found: install the Debian package 'prometheus'")
endif()
execute_process(COMMAND ${PROMTOOL} check metrics
  INPUT_FILE ${FILE}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "promtool check metrics ${FILE} failed (${rc}):\n${out}${err}")
endif()
message(STATUS "promtool accepts ${FILE}")

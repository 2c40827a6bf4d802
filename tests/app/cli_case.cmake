# One end-to-end case of the drillsim command line, chosen by CASE.
# Inputs: DRILLSIM (the program), SOURCE_DIR (the repository), WORK_DIR (a
# scratch folder of this case, emptied first), VERSION (the project version).
cmake_minimum_required(VERSION 3.25)

set(small "${SOURCE_DIR}/configs/small.yaml")
set(broken "${SOURCE_DIR}/tests/models/data/many_errors.yaml")
set(missing "${WORK_DIR}/no_such_drill.yaml")

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Runs drillsim with ARGN; sets rc, out and err in the caller.
function(drillsim)
  execute_process(COMMAND "${DRILLSIM}" ${ARGN}
    WORKING_DIRECTORY "${WORK_DIR}"
    RESULT_VARIABLE code OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  set(rc "${code}" PARENT_SCOPE)
  set(out "${stdout}" PARENT_SCOPE)
  set(err "${stderr}" PARENT_SCOPE)
endfunction()

function(expect_rc expected)
  if(NOT rc STREQUAL "${expected}")
    message(FATAL_ERROR "expected exit ${expected}, got ${rc}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
endfunction()

# An --out folder that holds nothing: absent, or present and empty.
function(expect_nothing_written dir)
  if(EXISTS "${dir}")
    file(GLOB_RECURSE written LIST_DIRECTORIES true "${dir}/*")
    if(written)
      message(FATAL_ERROR "expected nothing in ${dir}, found: ${written}")
    endif()
  endif()
endfunction()

if(CASE STREQUAL "validate_valid_drill_exits_0")
  drillsim(validate "${small}")
  expect_rc(0)
  if(NOT out MATCHES "valid drill")
    message(FATAL_ERROR "validate printed no confirmation:\n${out}")
  endif()

elseif(CASE STREQUAL "validate_broken_drill_exits_65_with_file_line_column")
  drillsim(validate "${broken}")
  expect_rc(65)
  if(NOT err MATCHES "many_errors\\.yaml:[0-9]+:[0-9]+: error: ")
    message(FATAL_ERROR "no file:line:column diagnostic on stderr:\n${err}")
  endif()

elseif(CASE STREQUAL "validate_missing_file_exits_66")
  drillsim(validate "${missing}")
  expect_rc(66)

elseif(CASE STREQUAL "run_writes_manifest_and_identical_summary_twice")
  foreach(n 1 2)
    drillsim(run "${small}" --quiet --out "${WORK_DIR}/out${n}")
    expect_rc(0)
    foreach(f manifest.json summary.json)
      if(NOT EXISTS "${WORK_DIR}/out${n}/${f}")
        message(FATAL_ERROR "run ${n} did not write ${f}")
      endif()
    endforeach()
  endforeach()
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files
    "${WORK_DIR}/out1/summary.json" "${WORK_DIR}/out2/summary.json" RESULT_VARIABLE differ)
  if(NOT differ EQUAL 0)
    message(FATAL_ERROR "two runs of the same drill and seed wrote different summary.json")
  endif()
  file(READ "${WORK_DIR}/out1/manifest.json" manifest)
  if(NOT manifest MATCHES "\"fingerprint\"")
    message(FATAL_ERROR "manifest.json has no fingerprint:\n${manifest}")
  endif()

elseif(CASE STREQUAL "run_of_invalid_drill_writes_nothing")
  drillsim(run "${broken}" --out "${WORK_DIR}/out")
  expect_rc(65)
  expect_nothing_written("${WORK_DIR}/out")

elseif(CASE STREQUAL "run_missing_file_exits_66")
  drillsim(run "${missing}" --out "${WORK_DIR}/out")
  expect_rc(66)
  expect_nothing_written("${WORK_DIR}/out")

elseif(CASE STREQUAL "bad_flag_exits_nonzero")
  drillsim(run "${small}" --no-such-flag)
  if(rc EQUAL 0)
    message(FATAL_ERROR "an unknown flag was accepted\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  if(NOT rc MATCHES "^[0-9]+$")
    message(FATAL_ERROR "drillsim did not exit normally: ${rc}")
  endif()

elseif(CASE STREQUAL "version_flag_prints_the_version")
  drillsim(--version)
  expect_rc(0)
  if(NOT out MATCHES "drillsim ${VERSION}")
    message(FATAL_ERROR "--version did not print 'drillsim ${VERSION}':\n${out}")
  endif()

else()
  message(FATAL_ERROR "unknown case '${CASE}'")
endif()

# scripts/setup.sh's `run` and `bench` jobs build the drillsim target alone:
# the main job must not wait for the test suite and the benchmarks
# (a fresh 2-core machine spends minutes on them). Reads the script and
# fails if a `cmake --build` line of either job lacks `--target drillsim`.
# -DSCRIPT=<path of scripts/setup.sh>
file(STRINGS "${SCRIPT}" lines)
set(job "")
set(checked 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^  (run|test|bench)\\)")
    set(job "${CMAKE_MATCH_1}")
  elseif(line MATCHES "^    ;;")
    set(job "")
  elseif(job MATCHES "^(run|bench)$" AND line MATCHES "cmake --build")
    math(EXPR checked "${checked} + 1")
    if(NOT line MATCHES "--target drillsim( |$)")
      message(FATAL_ERROR "setup.sh job '${job}' builds more than drillsim: '${line}'")
    endif()
  endif()
endforeach()
if(NOT checked EQUAL 2)
  message(FATAL_ERROR "expected one 'cmake --build' line in each of setup.sh's run and bench jobs, found ${checked}")
endif()

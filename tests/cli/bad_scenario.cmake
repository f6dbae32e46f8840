# A scenario with a wrong type: `streamlab run` exits 2 and names the file,
# the JSON path, what was expected and what was found.
set(file ${CMAKE_CURRENT_BINARY_DIR}/bad-scenario.json)
file(WRITE ${file} "{\"name\": \"bad\", \"topology\": {\"streams\": [{\"name\": \"core\", \"shards\": \"two\"}]},\n \"expectations\": [{\"check\": \"table\", \"table\": \"T\", \"count\": {\"min\": 1}}]}\n")
execute_process(COMMAND ${STREAMLAB} run ${file} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "expected exit 2, got ${rc}: ${out}${err}")
endif()
if(NOT err MATCHES "bad-scenario.json: \\$.topology.streams\\[0\\].shards: expected an integer, found \"two\"")
  message(FATAL_ERROR "the error does not name the file, path, expectation and finding:\n${err}")
endif()

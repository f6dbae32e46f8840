# Runs `streamlab demo` twice; the outputs must be byte-identical and show the
# Kinesis timeline.
execute_process(COMMAND ${STREAMLAB} demo OUTPUT_VARIABLE first RESULT_VARIABLE first_rc)
execute_process(COMMAND ${STREAMLAB} demo OUTPUT_VARIABLE second RESULT_VARIABLE second_rc)
if(NOT first_rc EQUAL 0 OR NOT second_rc EQUAL 0)
  message(FATAL_ERROR "streamlab demo failed: ${first_rc} ${second_rc}")
endif()
if(NOT first STREQUAL second)
  message(FATAL_ERROR "streamlab demo printed different output on two runs")
endif()
if(NOT first MATCHES "core/shardId-000000000000  seq")
  message(FATAL_ERROR "streamlab demo printed no Kinesis timeline:\n${first}")
endif()

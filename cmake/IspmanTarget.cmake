# ispman_add_target(): the one way a folder declares its target, so every target gets the same
# strict Qt defines, warnings, -Werror switch and sanitizer flags, and no folder reaches for
# include_directories() / add_definitions() / CMAKE_CXX_FLAGS.
#
#   ispman_add_target(<name> KIND library|executable|test
#                     SOURCES <files...>
#                     [PUBLIC_DEPS <targets...>] [PRIVATE_DEPS <targets...>]
#                     [RESOURCES <prefix> <base-dir> <files...>]
#                     [TEST_ENVIRONMENT <VAR=value...>] [TEST_TIMEOUT <seconds>] [TEST_LABELS <labels...>])
#
# Libraries are shared, so tests (tests/core/tst_layering) can read their real link dependencies.
# Tests are registered with CTest; a QSKIP anywhere in a test's output marks it skipped, visibly.

function(_ispman_apply_common target)
  target_compile_definitions(${target} PRIVATE
    QT_NO_KEYWORDS
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_FOREACH
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    QT_MESSAGELOGCONTEXT)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor
                         -Woverloaded-virtual -Wimplicit-fallthrough)
  if(ISPMAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(ISPMAN_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                           -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

function(ispman_add_target name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "KIND;TEST_TIMEOUT"
                        "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS;RESOURCES;TEST_ENVIRONMENT;TEST_LABELS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ispman_add_target(${name}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "ispman_add_target(${name}): SOURCES is required")
  endif()
  if(NOT arg_KIND MATCHES "^(library|executable|test)$")
    message(FATAL_ERROR "ispman_add_target(${name}): KIND must be library, executable or test, not '${arg_KIND}'")
  endif()
  if(NOT arg_KIND STREQUAL "test" AND (arg_TEST_ENVIRONMENT OR arg_TEST_TIMEOUT OR arg_TEST_LABELS))
    message(FATAL_ERROR "ispman_add_target(${name}): TEST_* options only apply to KIND test")
  endif()
  foreach(dep IN LISTS arg_PUBLIC_DEPS arg_PRIVATE_DEPS)
    if(NOT TARGET ${dep})
      message(FATAL_ERROR "ispman_add_target(${name}): dependency '${dep}' is not a target (add its folder first)")
    endif()
  endforeach()

  if(arg_KIND STREQUAL "library")
    add_library(${name} SHARED ${arg_SOURCES})
    target_include_directories(${name} PUBLIC "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>")
    set_target_properties(${name} PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
  else()
    add_executable(${name} ${arg_SOURCES})
  endif()
  target_link_libraries(${name} PUBLIC ${arg_PUBLIC_DEPS} PRIVATE ${arg_PRIVATE_DEPS})
  _ispman_apply_common(${name})

  if(arg_RESOURCES)
    list(POP_FRONT arg_RESOURCES prefix base)
    if(NOT arg_RESOURCES)
      message(FATAL_ERROR "ispman_add_target(${name}): RESOURCES needs <prefix> <base-dir> <files...>")
    endif()
    qt_add_resources(${name} "${name}_resources" PREFIX "${prefix}" BASE "${base}" FILES ${arg_RESOURCES})
  endif()

  if(arg_KIND STREQUAL "test")
    target_link_libraries(${name} PRIVATE Qt6::Test)
    add_test(NAME ${name} COMMAND ${name})
    if(NOT arg_TEST_TIMEOUT)
      set(arg_TEST_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
      TIMEOUT ${arg_TEST_TIMEOUT}
      SKIP_REGULAR_EXPRESSION "SKIP   : "
      ENVIRONMENT "QT_QPA_PLATFORM=offscreen;${arg_TEST_ENVIRONMENT}"
      LABELS "${arg_TEST_LABELS}")
  endif()
endfunction()

# Fills the template report.html (run with cmake -P by CMakeLists.txt):
#   report_file_head.html, report_file_tail.html: the page that opens from a
#     file, styles and scripts inline; the dashboard data goes between the two
#     (inside <script id="dashboard-data" type="application/json">);
#   report_live.html: the page the live server serves at "/", linking the same
#     files under /assets/ and reading the data from the server's endpoints.
# Template markers: <!--@styles@-->, <!--@data@-->, <!--@scripts@-->, and
# @source@ (embedded | live) where the page reads which one it is.
# A file that could end its inline element early fails the build.

foreach(var TEMPLATE OUT_DIR STYLES SCRIPTS STYLE_URLS SCRIPT_URLS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "assemble_page.cmake: ${var} is not set")
  endif()
endforeach()
file(READ ${TEMPLATE} template)
foreach(marker "<!--@styles@-->" "<!--@data@-->" "<!--@scripts@-->")
  string(FIND "${template}" "${marker}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${TEMPLATE}: the marker ${marker} is missing")
  endif()
endforeach()

function(inline_files out_var tag paths)
  set(text "")
  string(REPLACE "|" ";" paths "${paths}")
  foreach(path ${paths})
    file(READ ${path} content)
    string(TOLOWER "${content}" lower)
    foreach(bad "</${tag}" "<!--")
      string(FIND "${lower}" "${bad}" at)
      if(NOT at EQUAL -1)
        message(FATAL_ERROR "${path} holds \"${bad}\", which would break the page when inlined")
      endif()
    endforeach()
    string(APPEND text "<${tag}>\n${content}\n</${tag}>\n")
  endforeach()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

inline_files(inline_styles style "${STYLES}")
inline_files(inline_scripts script "${SCRIPTS}")
set(linked_styles "")
string(REPLACE "|" ";" urls "${STYLE_URLS}")
foreach(url ${urls})
  string(APPEND linked_styles "<link rel=\"stylesheet\" href=\"${url}\">\n")
endforeach()
set(linked_scripts "")
string(REPLACE "|" ";" urls "${SCRIPT_URLS}")
foreach(url ${urls})
  string(APPEND linked_scripts "<script src=\"${url}\"></script>\n")
endforeach()

# The file page.
set(page "${template}")
string(REPLACE "@source@" "embedded" page "${page}")
string(REPLACE "<!--@styles@-->" "${inline_styles}" page "${page}")
string(REPLACE "<!--@scripts@-->" "${inline_scripts}" page "${page}")
string(FIND "${page}" "<!--@data@-->" at)
string(SUBSTRING "${page}" 0 ${at} head)
math(EXPR after "${at} + 13")
string(SUBSTRING "${page}" ${after} -1 tail)
file(WRITE ${OUT_DIR}/report_file_head.html "${head}<script id=\"dashboard-data\" type=\"application/json\">")
file(WRITE ${OUT_DIR}/report_file_tail.html "</script>${tail}")

# The live page.
set(page "${template}")
string(REPLACE "@source@" "live" page "${page}")
string(REPLACE "<!--@styles@-->" "${linked_styles}" page "${page}")
string(REPLACE "<!--@scripts@-->" "${linked_scripts}" page "${page}")
string(REPLACE "<!--@data@-->" "" page "${page}")
file(WRITE ${OUT_DIR}/report_live.html "${page}")

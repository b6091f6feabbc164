# The third-party libraries the cleaning steps link (privately), found once for all of them and
# for bench/cleaning: libgumbo (HTML5 parsing) and utf8proc (Unicode normalisation). Both come
# from Debian packages that ./dev installs; GLOBAL so every directory that includes this file
# sees the same imported targets.
if(NOT TARGET PkgConfig::AGENTHOST_GUMBO)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(AGENTHOST_GUMBO IMPORTED_TARGET GLOBAL gumbo)
  if(NOT AGENTHOST_GUMBO_FOUND)
    message(FATAL_ERROR "libgumbo (pkg-config 'gumbo') was not found; html_to_text needs it: "
                        "install the Debian package libgumbo-dev (./dev deps does)")
  endif()
endif()
if(NOT TARGET PkgConfig::AGENTHOST_UTF8PROC)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(AGENTHOST_UTF8PROC IMPORTED_TARGET GLOBAL libutf8proc)
  if(NOT AGENTHOST_UTF8PROC_FOUND)
    message(FATAL_ERROR "utf8proc (pkg-config 'libutf8proc') was not found; normalize_unicode needs it: "
                        "install the Debian package libutf8proc-dev (./dev deps does)")
  endif()
endif()

# Fails a test with the reason given in -DMESSAGE=... (used when a test cannot run at all).
message(FATAL_ERROR "${MESSAGE}")

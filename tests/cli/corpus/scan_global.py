# Issue 25, pattern 4: a module-level `global` statement (legal, useless) sent
# the scan's reader into endless recursion.
# expect: runs
global COUNT
COUNT = 1
print('OUT', COUNT)

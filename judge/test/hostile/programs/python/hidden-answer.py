# Fishing for a hidden test's data through the checker: a wrong answer on a
# hidden test, so that a checker message quoting the expected output or the
# input would give them away.
import sys

sys.stdin.read()
print('wrong')

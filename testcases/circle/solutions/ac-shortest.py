# Python's shortest repr (e.g. 3.141592653589793), not the 9 decimals of the answers.
import math

r = float(input())
print(math.pi * r * r)

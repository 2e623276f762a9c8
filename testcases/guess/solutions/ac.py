# Binary search: at most 30 guesses for 1..10^9.
lo, hi = 1, 10**9
while True:
    mid = (lo + hi) // 2
    print(mid, flush=True)
    answer = input().strip()
    if answer == '=':
        break
    if answer == '<':
        lo = mid + 1
    else:
        hi = mid - 1

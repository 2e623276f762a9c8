# Counts up from 1: right only for tiny secrets, out of guesses otherwise.
g = 1
while True:
    print(g, flush=True)
    if input().strip() == '=':
        break
    g += 1

// Run once while the image is built, to list the JDK classes that contest programs load (reading input, collections,
// sorting, streams, lambdas, big numbers, formatting); they go into the class-data-sharing archive, so that programs
// map them instead of loading them. Its own classes stay out of the archive.
import java.io.*;
import java.math.*;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

public class CdsWarmup {
  record Pair(int a, long b) implements Comparable<Pair> {
    public int compareTo(Pair o) { return a != o.a ? Integer.compare(a, o.a) : Long.compare(b, o.b); }
  }

  public static void main(String[] args) throws IOException {
    BufferedReader br = new BufferedReader(new InputStreamReader(System.in));
    int n = Integer.parseInt(br.readLine().trim());
    StringTokenizer st = new StringTokenizer(br.readLine());
    long[] xs = new long[n];
    for (int i = 0; i < n; i++) xs[i] = Long.parseLong(st.nextToken());
    String[] words = br.readLine().split("\\s+");
    Scanner sc = new Scanner(br);
    int m = sc.nextInt();
    double d = sc.nextDouble();
    String w = sc.next();
    sc.nextLine();
    String line = sc.hasNextLine() ? sc.nextLine() : "";
    StreamTokenizer tok = new StreamTokenizer(new StringReader("1 2.5 x"));
    while (tok.nextToken() != StreamTokenizer.TT_EOF) if (tok.ttype == StreamTokenizer.TT_NUMBER) d += tok.nval;
    DataInputStream din = new DataInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}));
    m += din.readInt() & 1;

    int[] ia = new int[n];
    for (int i = 0; i < n; i++) ia[i] = (int) xs[i];
    Arrays.sort(ia);
    Arrays.sort(xs);
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) boxed[i] = ia[i];
    Arrays.sort(boxed, Collections.reverseOrder());
    Arrays.sort(boxed, (a, b) -> b - a);
    Arrays.sort(words, Comparator.comparing(String::length).thenComparing(Comparator.naturalOrder()));
    long[][] grid = new long[3][4];
    for (long[] row : grid) Arrays.fill(row, -1);
    int[] pre = Arrays.copyOf(ia, n + 1);
    int at = Arrays.binarySearch(ia, ia[0]);

    List<Integer> list = new ArrayList<>();
    for (int x : ia) list.add(x);
    Collections.sort(list);
    Collections.reverse(list);
    Collections.shuffle(list, new Random(1));
    list.sort(null);
    LinkedList<Integer> linked = new LinkedList<>(list);
    ArrayDeque<int[]> dq = new ArrayDeque<>();
    dq.add(new int[] {0, 1});
    dq.addFirst(new int[] {1, 2});
    while (!dq.isEmpty()) dq.poll();
    Stack<Integer> stack = new Stack<>();
    stack.push(1);
    stack.pop();
    Map<String, Integer> hm = new HashMap<>();
    for (String s : words) hm.merge(s, 1, Integer::sum);
    hm.computeIfAbsent("k", k -> 0);
    hm.getOrDefault("z", 0);
    for (Map.Entry<String, Integer> e : hm.entrySet()) m += e.getValue();
    TreeMap<Long, Integer> tm = new TreeMap<>();
    for (long x : xs) tm.put(x, tm.getOrDefault(x, 0) + 1);
    Long fl = tm.floorKey(xs[0]);
    Long ce = tm.ceilingKey(xs[0]);
    Map.Entry<Long, Integer> first = tm.firstEntry();
    Set<Integer> hs = new HashSet<>(list);
    TreeSet<Integer> ts = new TreeSet<>(list);
    Integer hi = ts.higher(0);
    Integer lo = ts.lower(1000);
    LinkedHashMap<Integer, Integer> lhm = new LinkedHashMap<>();
    lhm.put(1, 2);
    PriorityQueue<Pair> pq = new PriorityQueue<>();
    PriorityQueue<long[]> pq2 = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    for (int i = 0; i < n; i++) {
      pq.add(new Pair(ia[i], xs[i]));
      pq2.offer(new long[] {xs[i], i});
    }
    while (!pq.isEmpty()) pq.poll();
    BitSet bits = new BitSet(n);
    bits.set(1);
    Iterator<Integer> it = list.iterator();
    while (it.hasNext()) if (it.next() < 0) it.remove();
    Optional<Integer> max = list.stream().max(Integer::compare);

    List<Integer> evens = list.stream().filter(x -> x % 2 == 0).map(x -> x * 2).collect(Collectors.toList());
    String joined = list.stream().map(String::valueOf).collect(Collectors.joining(" "));
    long sum = Arrays.stream(xs).sum() + IntStream.range(0, n).map(i -> ia[i]).sum();
    Map<Integer, List<Integer>> groups = list.stream().collect(Collectors.groupingBy(x -> x % 3));
    int[] squares = IntStream.rangeClosed(1, n).map(x -> x * x).toArray();
    OptionalInt imax = Arrays.stream(ia).max();
    List<String> sorted = Stream.of(words).sorted().distinct().toList();
    Function<Integer, Integer> inc = x -> x + 1;
    BiFunction<Long, Long, Long> add = Long::sum;
    Supplier<List<Integer>> sup = ArrayList::new;
    IntBinaryOperator gcd = (a, b) -> BigInteger.valueOf(a).gcd(BigInteger.valueOf(b)).intValue();

    BigInteger big = BigInteger.ONE;
    for (int i = 1; i <= 30; i++) big = big.multiply(BigInteger.valueOf(i));
    big = big.mod(BigInteger.valueOf(1_000_000_007L)).modPow(BigInteger.TWO, BigInteger.valueOf(998_244_353L));
    BigDecimal dec = new BigDecimal("1.5").multiply(BigDecimal.valueOf(d)).setScale(6, RoundingMode.HALF_UP);
    char[] cs = w.toCharArray();
    Arrays.sort(cs);
    StringBuilder sb = new StringBuilder();
    sb.append(new String(cs)).append(' ').append(String.valueOf(cs)).reverse();
    String s = String.format("%d %.6f %s %5.2f%n", sum, d, w, Math.sqrt(sum));
    s += String.join(",", words) + line.toUpperCase().trim().substring(0) + w.charAt(0) + Character.isDigit('1')
        + Integer.toBinaryString(m) + Long.toHexString(sum) + Integer.bitCount(m) + Long.numberOfTrailingZeros(sum + 1)
        + Math.max(1, 2) + Math.abs(-3L) + Math.floorMod(-7, 3) + Math.pow(2, 10) + (int) Math.ceil(d) + Objects.hash(1, 2)
        + Integer.MAX_VALUE + Long.MIN_VALUE + Double.compare(d, 1.0) + Boolean.parseBoolean("true");

    PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
    out.println(s.length() + evens.size() + joined.length() + groups.size() + squares.length + imax.getAsInt()
        + sorted.size() + inc.apply(1) + add.apply(1L, 2L) + sup.get().size() + gcd.applyAsInt(12, 18) + big.bitLength()
        + dec.scale() + sb.length() + hs.size() + lo + hi + fl + ce + first.getKey() + bits.cardinality() + linked.size()
        + lhm.size() + pre.length + at + max.orElse(0) + pq2.size() + grid[0][0]);
    out.printf("%s %d%n", "ok", m);
    out.flush();
    System.out.print("");
    System.out.printf("%.3f%n", d);
    System.err.println();
  }
}

// The memory bomb in Java: arrays of 16 MiB kept forever. The JVM's heap cap
// reports OutOfMemoryError (MLE by the pack's pattern) or the kernel kills it.
import java.util.ArrayList;
import java.util.List;

public class MemBomb {
  public static void main(String[] args) {
    List<byte[]> held = new ArrayList<>();
    for (;;) {
      byte[] b = new byte[1 << 24];
      java.util.Arrays.fill(b, (byte) 1);
      held.add(b);
    }
  }
}

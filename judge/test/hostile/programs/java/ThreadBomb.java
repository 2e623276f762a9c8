// A thread bomb in Java: sleeping threads until the JVM cannot create one
// more ("unable to create native thread", an OutOfMemoryError).
public class ThreadBomb {
  public static void main(String[] args) {
    for (int n = 0; ; n++) {
      Thread t = new Thread(() -> {
        try {
          Thread.sleep(3_600_000);
        } catch (InterruptedException e) {
          return;
        }
      });
      t.setDaemon(true);
      t.start();
    }
  }
}

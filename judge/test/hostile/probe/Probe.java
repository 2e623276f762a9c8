// The probe's launcher in Java: runs bash with the probe script (PROBE_SH, replaced by the test) and exits with
// its status; the JVM stays the parent, which the probe leaves out of its count.
public class Probe {
  public static void main(String[] args) throws Exception {
    Process p = new ProcessBuilder("/bin/bash", "-c", PROBE_SH).inheritIO().start();
    System.exit(p.waitFor());
  }
}

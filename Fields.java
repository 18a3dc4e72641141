public class Fields {
  public static void main(String[] args) {
    System.out.println(String.join(",", safeup.lvm.LvsReport.FIELDS));
  }
}

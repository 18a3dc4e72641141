package safeup.doctor;

import java.util.List;

/** One of {@code safeup doctor}'s checks. */
interface Check {

  /** The label of this check's lines, for example {@code root on LVM}. */
  String name();

  /**
   * Looks at the system; one finding or more (one per image, pool or set, say).
   *
   * @throws Unavailable when something the check needs could not be found out
   */
  List<Finding> run(DoctorContext context);
}

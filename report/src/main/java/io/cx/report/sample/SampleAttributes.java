package io.cx.report.sample;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The customer-attributes file of a generated sample: one CSV line per customer with the
 * {@link Persona} that shaped their history, a region and a loyalty tier. One customer in twenty
 * is left out, as a CRM export misses some, so their attributes are unknown.
 */
public final class SampleAttributes {
  private SampleAttributes() {}

  public static final String HEADER = "customer_id,persona,region,tier";
  private static final String[] REGIONS = {"north", "south", "east", "west"};

  /** Writes the file; returns the number of customers in it. */
  public static long write(SampleOptions o, String path, Configuration conf) {
    Path p = new Path(path);
    long written = 0;
    try (Writer w = new OutputStreamWriter(p.getFileSystem(conf).create(p, true), StandardCharsets.UTF_8)) {
      w.write(HEADER + "\n");
      for (long i = 0; i < o.customers(); i++) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(o.seed() * 0x5DEECE66DL + i);
        if (rnd.nextDouble() < 0.05) {
          continue;
        }
        Persona persona = Persona.of(o.seed(), i);
        String tier = rnd.nextDouble() < (persona == Persona.LOYALIST ? 0.6 : 0.15) ? "gold" : "standard";
        w.write(PersonStory.customerId(i) + "," + persona.name() + "," + REGIONS[rnd.nextInt(REGIONS.length)] + ","
            + tier + "\n");
        written++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }
}

package io.cx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of KPI tables, and the data dictionary that documents each of them. */
class KpiTablesTest {
  static List<String> dictionaryHeadings() throws IOException {
    Path dictionary = Path.of("..", "docs", "data-dictionary.md");
    return Files.readAllLines(dictionary).stream().filter(l -> l.startsWith("### ")).toList();
  }

  @Test
  void everyDeclaredTableIsInTheDataDictionaryWithItsGrain() throws IOException {
    List<String> headings = dictionaryHeadings();
    for (KpiTable k : KpiTables.DECLARED) {
      assertThat(headings).as("a heading of docs/data-dictionary.md documents %s", k.name())
          .anyMatch(h -> h.contains("`" + k.name() + "`: " + k.grain()));
    }
  }

  @Test
  void namesAreUniqueAndTheScorecardComesLast() {
    assertThat(KpiTables.ALL).doesNotHaveDuplicates().endsWith(KpiTables.SCORECARD)
        .hasSize(KpiTables.DECLARED.size() + 1);
    assertThat(KpiTables.DECLARED).extracting(KpiTable::partitionColumn).containsOnly(KpiTables.MONTH);
    assertThat(KpiTables.DECLARED).filteredOn(k -> k.dateColumn().isEmpty()).extracting(KpiTable::name)
        .containsExactly(KpiTables.RETENTION_COHORTS);
  }
}

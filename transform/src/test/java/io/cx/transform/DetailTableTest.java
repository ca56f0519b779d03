package io.cx.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of detail tables, and the data dictionary that documents each of them. */
class DetailTableTest {
  @Test
  void everyDeclaredTableIsInTheDataDictionaryWithItsGrainAndPartitionColumn() throws IOException {
    List<String> headings = Files.readAllLines(Path.of("..", "docs", "data-dictionary.md")).stream()
        .filter(l -> l.startsWith("### ")).toList();
    for (DetailTable t : DetailTable.DECLARED) {
      assertThat(headings).as("a heading of docs/data-dictionary.md documents %s", t.name())
          .anyMatch(h -> h.contains("`" + t.name() + "`: " + t.grain())
              && h.contains("partitioned by `" + t.partitionColumn() + "`"));
    }
  }

  @Test
  void namesAreUniqueAndEachTableIsBuiltAfterWhatItReads() {
    assertThat(DetailTable.DECLARED).extracting(DetailTable::name).doesNotHaveDuplicates();
    for (int i = 0; i < DetailTable.DECLARED.size(); i++) {
      List<String> before = DetailTable.DECLARED.subList(0, i).stream().map(DetailTable::name).toList();
      for (String read : DetailTable.DECLARED.get(i).reads()) {
        assertThat(read.equals("clean events") || before.contains(read))
            .as("%s reads %s, built before it", DetailTable.DECLARED.get(i).name(), read).isTrue();
      }
    }
  }
}

package io.cx.report.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DescriptionsTest {
  static final String MARKDOWN = """
      ## Input: the touchpoint event contract

      | column | type after ingest | required | rules |
      |---|---|---|---|
      | `event_id` | string | yes | Identifies the event. |

      ## Published tables

      ### `orders`: one row per order, partitioned by `date`

      | column | type | meaning |
      |---|---|---|
      | `order_id`, `customer_id` | string | The order and its **customer**. |
      | `date` | date (partition) | Day of the purchase. |

      ## KPI tables

      | column | meaning |
      |---|---|
      | `channel` | the channel of the row |

      ### `kpi_repeat_purchase`: date (purchase) x channel

      | column | formula |
      |---|---|
      | `days_since_previous_order_sum`, `_avg` | over repeat orders; a \\| b |
      """;

  @Test
  void readsColumnsUnderTheirTablesHeadings() {
    Descriptions d = Descriptions.parse(MARKDOWN);
    assertThat(d.column("events", "event_id")).isEqualTo("Identifies the event.");
    assertThat(d.column("orders", "customer_id")).isEqualTo("The order and its customer.");
    assertThat(d.column("orders", "date")).isEqualTo("Day of the purchase.");
    assertThat(d.table("orders")).isEqualTo("one row per order, partitioned by date");
    assertThat(d.table("kpi_repeat_purchase")).isEqualTo("date (purchase) x channel");
  }

  @Test
  void anUnderscoreNameReplacesTheLastPartOfTheOneBefore() {
    Descriptions d = Descriptions.parse(MARKDOWN);
    assertThat(d.column("kpi_repeat_purchase", "days_since_previous_order_avg")).isEqualTo("over repeat orders; a | b");
    assertThat(d.column("kpi_repeat_purchase", "days_since_previous_order_sum")).isEqualTo("over repeat orders; a | b");
  }

  @Test
  void grainColumnsAreSharedByKpiTablesOnly() {
    Descriptions d = Descriptions.parse(MARKDOWN);
    assertThat(d.column("kpi_repeat_purchase", "channel")).isEqualTo("the channel of the row");
    assertThat(d.column("orders", "channel")).isNull();
  }

  @Test
  void thePackagedDictionaryIsTheProjects() {
    Descriptions d = Descriptions.packaged();
    assertThat(d.column("kpi_returns", "return_rate")).isEqualTo("returned_orders / orders");
    assertThat(d.column("kpi_surveys", "month")).startsWith("(partition) the month of date");
  }
}

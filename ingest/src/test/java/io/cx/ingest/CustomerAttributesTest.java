package io.cx.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.testing.Files2;
import io.cx.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerAttributesTest {
  final SparkSession spark = TestSpark.session();
  static final Set<String> RESERVED = Set.of("customer_id", "orders", "date");
  @TempDir Path dir;

  String csv(String name, String... lines) {
    return Files2.write(dir.resolve(name), List.of(lines)).toString();
  }

  @Test
  void csvValuesAreTextTrimmedAndBlankIsNull() {
    Dataset<Row> a = CustomerAttributes.read(spark, csv("a.csv", "customer_id,persona,tier", " c1 , loyalist ,01",
        "c2,,02"), RESERVED);
    assertThat(a.columns()).containsExactly("customer_id", "persona", "tier");
    assertThat(a.orderBy("customer_id").collectAsList()).extracting(Row::toString)
        .containsExactly("[c1,loyalist,01]", "[c2,null,02]");
  }

  @Test
  void parquetColumnsOfAnyTypeBecomeText() {
    String path = dir.resolve("a.parquet").toString();
    spark.sql("SELECT * FROM VALUES ('c1', 3, true), ('c2', 5, false) AS t(customer_id, tier, vip)")
        .coalesce(1).write().parquet(path);
    Dataset<Row> a = CustomerAttributes.read(spark, path, RESERVED);
    assertThat(a.schema().fields()).allSatisfy(f -> assertThat(f.dataType().typeName()).isEqualTo("string"));
    assertThat(a.orderBy("customer_id").collectAsList()).extracting(Row::toString)
        .containsExactly("[c1,3,true]", "[c2,5,false]");
  }

  @Test
  void aCustomerGivenTwiceIsRefusedNamingIt() {
    String path = csv("dup.csv", "customer_id,persona", "c1,a", "c2,b", "c1,c", "c3,d", "c3,e", "c3,f");
    assertThatThrownBy(() -> CustomerAttributes.read(spark, path, RESERVED)).isInstanceOf(InputException.class)
        .hasMessage("customer attributes " + path + " give a customer_id more than once: 'c1' (2 rows), "
            + "'c3' (3 rows); keep one row per customer");
  }

  @Test
  void aRowWithoutCustomerIdIsRefused() {
    String path = csv("missing.csv", "customer_id,persona", "c1,a", " ,b", ",c");
    assertThatThrownBy(() -> CustomerAttributes.read(spark, path, RESERVED)).isInstanceOf(InputException.class)
        .hasMessageStartingWith("2 row(s) of customer attributes " + path + " have no customer_id");
  }

  @Test
  void unusableColumnsAreRefused() {
    assertThatThrownBy(() -> CustomerAttributes.read(spark, csv("noid.csv", "id,persona", "c1,a"), RESERVED))
        .isInstanceOf(InputException.class).hasMessageContaining("have no customer_id column (columns: id, persona)");
    assertThatThrownBy(() -> CustomerAttributes.read(spark, csv("clash.csv", "customer_id,orders", "c1,5"), RESERVED))
        .isInstanceOf(InputException.class).hasMessageContaining("'orders'").hasMessageContaining("already has");
    assertThatThrownBy(() -> CustomerAttributes.read(spark, csv("name.csv", "customer_id,Home Region", "c1,x"), RESERVED))
        .isInstanceOf(InputException.class).hasMessageContaining("'Home Region' ").hasMessageContaining("plain name");
    assertThatThrownBy(() -> CustomerAttributes.read(spark, csv("only.csv", "customer_id", "c1"), RESERVED))
        .isInstanceOf(InputException.class).hasMessageContaining("no attribute column");
  }

  @Test
  void aMissingOrUnknownFileIsRefused() {
    assertThatThrownBy(() -> CustomerAttributes.read(spark, dir.resolve("none.csv").toString(), RESERVED))
        .isInstanceOf(InputException.class).hasMessageEndingWith("do not exist");
    assertThatThrownBy(() -> CustomerAttributes.read(spark, csv("a.txt", "customer_id,x", "c1,y"), RESERVED))
        .isInstanceOf(InputException.class).hasMessageContaining("must be a .csv, .csv.gz or .parquet file");
    String notParquet = csv("b.parquet", "customer_id,x", "c1,y");
    assertThatThrownBy(() -> CustomerAttributes.read(spark, notParquet, RESERVED))
        .isInstanceOf(InputException.class).hasMessageStartingWith("cannot read customer attributes " + notParquet);
  }
}

package io.cx.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceReaderTest {
  @Test
  void aLocalFileIsSpelledWithoutTheEmptyAuthority() {
    assertThat(SourceReader.withoutEmptyAuthority("file:///tmp/a%20b/1.jsonl")).isEqualTo("file:/tmp/a%20b/1.jsonl");
    assertThat(SourceReader.withoutEmptyAuthority("file:/tmp/x.jsonl")).isEqualTo("file:/tmp/x.jsonl");
  }

  @Test
  void aUriWithAnAuthorityIsLeftAsItIs() {
    assertThat(SourceReader.withoutEmptyAuthority("s3a://bucket/landing/x.jsonl")).isEqualTo("s3a://bucket/landing/x.jsonl");
    assertThat(SourceReader.withoutEmptyAuthority("hdfs://nn:8020/x.jsonl")).isEqualTo("hdfs://nn:8020/x.jsonl");
  }
}

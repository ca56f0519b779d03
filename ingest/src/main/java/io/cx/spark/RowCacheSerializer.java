package io.cx.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.columnar.CachedBatchSerializer;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.Platform;
import scala.Function2;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction2;

/**
 * How the pipeline's persisted Datasets are held: blocks of Spark's own binary rows, each block
 * LZ4-compressed, instead of Spark's default compressed columns.
 *
 * <p>The default cache chooses an encoding per column and batch by first offering every value to
 * each candidate encoder; for text columns that means hashing and copying every value into a
 * dictionary (a JFR profile of a 10 M-event run put about a third of both cache-building stages
 * there). The rows a plan produces are already in the binary row format, so this serializer
 * copies their bytes into a buffer and compresses the buffer with LZ4, which costs a few percent
 * of that. Reading decompresses a block and hands out rows pointing into it; a read of some
 * columns projects them out of each row.
 *
 * <p>It keeps no per-column statistics, so a filter over a cached Dataset reads every block
 * (the pipeline reads its caches whole). Selected with {@code spark.sql.cache.serializer}, a
 * static setting ({@link SessionDefaults#CACHE_SERIALIZER}).
 */
public final class RowCacheSerializer implements CachedBatchSerializer {
  private static final long serialVersionUID = 1L;

  /**
   * Uncompressed bytes gathered before a block is compressed and stored. A compressed block then
   * stays under half of G1's smallest heap region (1 MB), the size from which the JVM would give
   * each block whole regions of its own. (LZ4 works within a 64 KB window, so larger blocks would
   * not compress better.)
   */
  static final int BLOCK_BYTES = 512 << 10;

  /**
   * One stored block: {@code rows} rows of {@code rawBytes} bytes before compression. A plain
   * class, not a record, so that Kryo can write it when a block goes to disk.
   */
  static final class Block implements CachedBatch, Serializable {
    private static final long serialVersionUID = 1L;
    private final int rows;
    private final int rawBytes;
    private final byte[] compressed;

    Block(int rows, int rawBytes, byte[] compressed) {
      this.rows = rows;
      this.rawBytes = rawBytes;
      this.compressed = compressed;
    }

    @Override
    public int numRows() {
      return rows;
    }

    @Override
    public long sizeInBytes() {
      return compressed.length;
    }
  }

  @Override
  public boolean supportsColumnarInput(Seq<Attribute> schema) {
    return false;
  }

  @Override
  public boolean supportsColumnarOutput(StructType schema) {
    return false;
  }

  @Override
  public RDD<CachedBatch> convertColumnarBatchToCachedBatch(RDD<ColumnarBatch> input, Seq<Attribute> schema,
      StorageLevel storageLevel, SQLConf conf) {
    throw new UnsupportedOperationException("the row cache takes rows, not columnar batches");
  }

  @Override
  public RDD<ColumnarBatch> convertCachedBatchToColumnarBatch(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
      Seq<Attribute> selectedAttributes, SQLConf conf) {
    throw new UnsupportedOperationException("the row cache gives rows, not columnar batches");
  }

  @Override
  public Function2<Object, scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>> buildFilter(
      Seq<Expression> predicates, Seq<Attribute> cachedAttributes) {
    return new KeepAll();
  }

  @Override
  public RDD<CachedBatch> convertInternalRowToCachedBatch(RDD<InternalRow> input, Seq<Attribute> schema,
      StorageLevel storageLevel, SQLConf conf) {
    DataType[] types = types(schema);
    return input.toJavaRDD().mapPartitions(rows -> new Packer(rows, types)).rdd();
  }

  @Override
  public RDD<InternalRow> convertCachedBatchToInternalRow(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
      Seq<Attribute> selectedAttributes, SQLConf conf) {
    List<Attribute> cached = CollectionConverters.asJava(cacheAttributes);
    List<Attribute> selected = CollectionConverters.asJava(selectedAttributes);
    int fields = cached.size();
    int[] ordinals = new int[selected.size()];
    DataType[] selectedTypes = new DataType[selected.size()];
    boolean[] nullable = new boolean[selected.size()];
    boolean whole = selected.size() == fields;
    for (int i = 0; i < ordinals.length; i++) {
      Attribute a = selected.get(i);
      ordinals[i] = indexOf(cached, a);
      selectedTypes[i] = a.dataType();
      nullable[i] = a.nullable();
      whole &= ordinals[i] == i;
    }
    boolean project = !whole;
    return input.toJavaRDD().mapPartitions(blocks -> {
      Iterator<InternalRow> rows = new Unpacker(blocks, fields);
      if (!project) {
        return rows;
      }
      List<Expression> refs = new ArrayList<>();
      for (int i = 0; i < ordinals.length; i++) {
        refs.add(new BoundReference(ordinals[i], selectedTypes[i], nullable[i]));
      }
      UnsafeProjection projection = UnsafeProjection.create(CollectionConverters.asScala(refs).toSeq());
      return new Iterator<InternalRow>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public InternalRow next() {
          return projection.apply(rows.next());
        }
      };
    }).rdd();
  }

  private static int indexOf(List<Attribute> cached, Attribute a) {
    for (int i = 0; i < cached.size(); i++) {
      if (cached.get(i).exprId().equals(a.exprId())) {
        return i;
      }
    }
    throw new IllegalStateException("column " + a + " is not among the cached columns " + cached);
  }

  private static DataType[] types(Seq<Attribute> schema) {
    return CollectionConverters.asJava(schema).stream().map(Attribute::dataType).toArray(DataType[]::new);
  }

  /** Turns a partition's rows into compressed blocks of about {@link #BLOCK_BYTES}. */
  private static final class Packer implements Iterator<CachedBatch> {
    private final Iterator<InternalRow> rows;
    private final DataType[] types;
    private UnsafeProjection toUnsafe;
    private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
    private byte[] buffer = new byte[BLOCK_BYTES + (BLOCK_BYTES >> 2)];
    private byte[] out = new byte[0];

    Packer(Iterator<InternalRow> rows, DataType[] types) {
      this.rows = rows;
      this.types = types;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public CachedBatch next() {
      if (!rows.hasNext()) {
        throw new NoSuchElementException();
      }
      int used = 0;
      int count = 0;
      while (used < BLOCK_BYTES && rows.hasNext()) {
        UnsafeRow row = unsafe(rows.next());
        int size = row.getSizeInBytes();
        int needed = used + Integer.BYTES + size;
        if (needed > buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
        Platform.putInt(buffer, Platform.BYTE_ARRAY_OFFSET + used, size);
        row.writeToMemory(buffer, Platform.BYTE_ARRAY_OFFSET + used + Integer.BYTES);
        used = needed;
        count++;
      }
      int bound = compressor.maxCompressedLength(used);
      if (out.length < bound) {
        out = new byte[bound];
      }
      int length = compressor.compress(buffer, 0, used, out, 0, out.length);
      return new Block(count, used, Arrays.copyOf(out, length));
    }

    private UnsafeRow unsafe(InternalRow row) {
      if (row instanceof UnsafeRow u && u.numFields() == types.length) {
        return u;
      }
      if (toUnsafe == null) {
        toUnsafe = UnsafeProjection.create(types);
      }
      return toUnsafe.apply(row);
    }
  }

  /** The rows of a partition's blocks, one reused row pointing into the current block. */
  private static final class Unpacker implements Iterator<InternalRow> {
    private final Iterator<CachedBatch> blocks;
    private final UnsafeRow row;
    private final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();
    private byte[] raw = new byte[0];
    private int end;
    private int position;

    Unpacker(Iterator<CachedBatch> blocks, int fields) {
      this.blocks = blocks;
      this.row = new UnsafeRow(fields);
    }

    // Every block holds at least one row, so rows remain while the current block or another does.
    @Override
    public boolean hasNext() {
      return position < end || blocks.hasNext();
    }

    // A row stays valid until the next call of next(), as the rows of Spark's own scans do: the
    // buffer is refilled only here.
    @Override
    public InternalRow next() {
      if (position >= end) {
        Block b = (Block) blocks.next();
        if (raw.length < b.rawBytes) {
          raw = new byte[b.rawBytes];
        }
        end = decompressor.decompress(b.compressed, 0, b.compressed.length, raw, 0, raw.length);
        if (end != b.rawBytes) {
          throw new IllegalStateException("a cached block decompressed to " + end + " bytes, not " + b.rawBytes);
        }
        position = 0;
      }
      int size = Platform.getInt(raw, Platform.BYTE_ARRAY_OFFSET + position);
      row.pointTo(raw, Platform.BYTE_ARRAY_OFFSET + position + Integer.BYTES, size);
      position += Integer.BYTES + size;
      return row;
    }
  }

  /** No statistics are kept, so no block can be skipped. */
  private static final class KeepAll
      extends AbstractFunction2<Object, scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public scala.collection.Iterator<CachedBatch> apply(Object partition, scala.collection.Iterator<CachedBatch> it) {
      return it;
    }
  }
}

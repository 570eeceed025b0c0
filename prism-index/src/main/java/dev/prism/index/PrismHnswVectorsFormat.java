package dev.prism.index;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW format under its own name, for one reason: Lucene's format refuses vectors longer
 * than 1024 and the image embedding has 1280 dimensions. Files are Lucene99HnswVectorsFormat's
 * exactly; the name is written into each segment and found again through the ServiceLoader
 * ({@code META-INF/services/org.apache.lucene.codecs.KnnVectorsFormat}). M and beam width matter only
 * while writing, so the reader's no-argument instance reads any index.
 */
public final class PrismHnswVectorsFormat extends KnnVectorsFormat {
  /** The SPI name written into segments; part of the on-disk format. */
  public static final String NAME = "PrismHnsw";

  private final Lucene99HnswVectorsFormat delegate;

  /** For the ServiceLoader (reading): default parameters. */
  public PrismHnswVectorsFormat() {
    this(IndexSpec.DEFAULT_MAX_CONN, IndexSpec.DEFAULT_BEAM_WIDTH);
  }

  public PrismHnswVectorsFormat(int maxConn, int beamWidth) {
    super(NAME);
    this.delegate = new Lucene99HnswVectorsFormat(maxConn, beamWidth);
  }

  @Override
  public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
    return delegate.fieldsWriter(state);
  }

  @Override
  public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
    return delegate.fieldsReader(state);
  }

  @Override
  public int getMaxDimensions(String fieldName) {
    return IndexManifest.MAX_DIMENSION;
  }

  @Override
  public String toString() {
    return NAME + "(" + delegate + ")";
  }
}

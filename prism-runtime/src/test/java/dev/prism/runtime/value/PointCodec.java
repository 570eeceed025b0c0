package dev.prism.runtime.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.signal.ContractViolation;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.TabularColumn;
import dev.prism.core.signal.ValueCodec;
import dev.prism.core.signal.ValueType;
import java.util.List;

/**
 * A toy value kind added the way a user would: this one class (value and type records nested)
 * plus one line in META-INF/services/dev.prism.core.signal.ValueCodec. A 2-D point in a box, e.g.
 * an object's centre in normalised image coordinates.
 */
public final class PointCodec implements ValueCodec<PointCodec.Point, PointCodec.PointType> {

  /** The value: a point. */
  public record Point(double x, double y) implements SignalValue {}

  /** The contract type: points inside [0, extent]². */
  public record PointType(double extent) implements ValueType {
    @Override
    public String kind() {
      return "point";
    }

    @Override
    public void validate(SignalSpec spec, SignalValue v) {
      if (!(v instanceof Point p)) {
        throw new ContractViolation(spec, "expected a point, got " + v.getClass().getSimpleName());
      }
      if (!(p.x() >= 0 && p.x() <= extent && p.y() >= 0 && p.y() <= extent)) {
        throw new ContractViolation(spec, "point " + p + " outside [0, " + extent + "]^2");
      }
    }
  }

  @Override public String kind() { return "point"; }
  @Override public boolean numeric(PointType type) { return true; }
  @Override public Class<Point> valueClass() { return Point.class; }
  @Override public Class<PointType> typeClass() { return PointType.class; }

  @Override
  public PointType parseType(JsonNode t) {
    double e = t.path("extent").asDouble(Double.NaN);
    if (!(e > 0)) {
      throw new IllegalArgumentException("point type needs extent > 0");
    }
    return new PointType(e);
  }

  @Override
  public void writeType(PointType type, ObjectNode out) {
    out.put("extent", type.extent());
  }

  @Override
  public JsonNode toJson(Point v) {
    return JsonNodeFactory.instance.objectNode().put("x", v.x()).put("y", v.y());
  }

  @Override
  public Point fromJson(JsonNode json, PointType type) {
    return new Point(json.path("x").asDouble(), json.path("y").asDouble());
  }

  @Override
  public List<TabularColumn> columns(PointType type) {
    return List.of(TabularColumn.of("_x", TabularColumn.Kind.DOUBLE), TabularColumn.of("_y", TabularColumn.Kind.DOUBLE));
  }

  @Override
  public List<Object> cells(Point v, PointType type) {
    return List.of(v.x(), v.y());
  }

  @Override
  public List<String> featureNames(Point v) {
    return List.of("x", "y");
  }

  @Override
  public double[] features(Point v) {
    return new double[] {v.x(), v.y()};
  }
}

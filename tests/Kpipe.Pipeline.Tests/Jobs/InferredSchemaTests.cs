using System.Text.Json;
using Kpipe.Pipeline.Jobs.Schema;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Unit")]
public sealed class InferredSchemaTests
{
    [Fact]
    public void Schema_is_the_union_of_fields_in_name_order_with_types_widened_as_Spark_does()
    {
        var schema = new InferredSchema();
        Observe(schema, """{"id":1,"score":2,"name":"a","flag":true,"tags":["x"],"nothing":null}""");
        Observe(schema, """{"id":2,"score":2.5,"name":3,"flag":false,"address":{"city":"Paris"},"extra":"e"}""");

        Assert.Equal(
        [
            new TableColumn("address", ColumnType.Json), new TableColumn("extra", ColumnType.String),
            new TableColumn("flag", ColumnType.Boolean), new TableColumn("id", ColumnType.Long),
            new TableColumn("name", ColumnType.String), new TableColumn("nothing", ColumnType.String),
            new TableColumn("score", ColumnType.Double), new TableColumn("tags", ColumnType.Json),
        ], schema.Columns());
    }

    [Fact]
    public void Nested_mixed_with_scalars_becomes_string_and_values_keep_their_JSON_text()
    {
        var schema = new InferredSchema();
        Observe(schema, """{"v":{"a":1}}""");
        Observe(schema, """{"v":5}""");

        var column = Assert.Single(schema.Columns());
        Assert.Equal(ColumnType.String, column.Type);
        using var document = JsonDocument.Parse("""{"v":{"a":1}}""");
        Assert.Equal("""{"a":1}""", InferredSchema.ValueOf(document.RootElement.GetProperty("v"), column.Type));
    }

    [Fact]
    public void A_schema_carried_across_batches_survives_serialization_and_only_widens()
    {
        var first = new InferredSchema();
        Observe(first, """{"id":1,"n":1}""");
        var restored = InferredSchema.Deserialize(first.Serialize());
        Observe(restored, """{"id":2}""");

        Assert.Equal(first.Columns(), restored.Columns());
        Observe(restored, """{"n":0.5}""");
        Assert.Equal(ColumnType.Double, restored.Columns().Single(c => c.Name == "n").Type);
    }

    private static void Observe(InferredSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        schema.Observe(document.RootElement);
    }
}

using System.Text;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Browser;

namespace SegmentIQ.Tests.Pipeline;

/// <summary>A saved analysis that names a source: its JSON, and how a hostile document is refused.</summary>
public sealed class SourceDefinitionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "segmentiq-source-definitions-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void ToJson_ThenFromJson_KeepsTheFileSourceWithItsMapping()
    {
        var definition = Sample(SourceReference.ForFiles("exports/2024-*.parquet") with
        {
            Mapping = new Dictionary<ColumnRole, string> { [ColumnRole.Customer] = "Buyer", [ColumnRole.Date] = "OrderedAt" },
        });

        var json = definition.ToJson();
        var read = AnalysisDefinition.FromJson(json, "weekly.json");

        Assert.Equal(json, read.ToJson());
        Assert.Equal(SourceReferenceKind.DuckDbFile, read.Source!.Kind);
        Assert.Equal("exports/2024-*.parquet", read.Source.Path);
        Assert.Equal("Buyer", read.Source.Mapping![ColumnRole.Customer]);
        Assert.Equal("OrderedAt", read.Source.Mapping[ColumnRole.Date]);
        Assert.Contains("\"kind\": \"DuckDbFile\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_PostgresSource_StoresTheConnectionNameAndNeverItsString()
    {
        var catalog = Catalog(("warehouse", "Host=db.internal;Username=siq;Password=hunter2"));
        var definition = Sample(SourceReference.ForTable("warehouse", "sales", "order_lines"));

        var text = Encoding.UTF8.GetString(definition.ToJson());
        var read = AnalysisDefinition.FromJson(definition.ToJson(), "weekly.json", catalog);

        Assert.Contains("\"connection\": \"warehouse\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=", text, StringComparison.Ordinal);
        Assert.Equal("warehouse: sales.order_lines", read.Source!.DisplayName);
        Assert.Equal("warehouse: sales.order_lines", catalog.Open(read.Source).DisplayName);
    }

    [Theory]
    [InlineData("../secrets.csv")]
    [InlineData("exports/../../etc/passwd.csv")]
    [InlineData("/etc/passwd.csv")]
    [InlineData("C:/data/lines.csv")]
    public void FromJson_PathOutsideTheSourcesFolder_IsRefusedNamingSourcePath(string path)
    {
        var json = Edit(Sample(SourceReference.ForFiles("lines.csv")).ToJson(), "\"path\": \"lines.csv\"", $"\"path\": \"{path}\"");

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(json, "hostile.json"));

        Assert.Equal("source.path", ex.Field);
        Assert.Contains("hostile.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("must be relative to the sources folder and stay inside it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_ConnectionStringInTheSource_IsRefusedAsAnUnknownField()
    {
        var json = Edit(Sample(SourceReference.ForTable("warehouse", null, "lines")).ToJson(), "\"connection\": \"warehouse\"", "\"connection\": \"warehouse\", \"connectionString\": \"Host=evil\"");

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(json, "hostile.json"));

        Assert.Contains("connectionString", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not know", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_PostgresSourceWithoutTable_NamesSourceTable()
    {
        var json = Edit(Sample(SourceReference.ForTable("warehouse", null, "lines")).ToJson(), "\"table\": \"lines\"", "\"table\": \" \"");

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(json, "odd.json"));

        Assert.Equal("source.table", ex.Field);
    }

    [Fact]
    public void FromJson_FileSourceWithAConnection_IsRefused()
    {
        var json = Edit(Sample(SourceReference.ForFiles("lines.csv")).ToJson(), "\"path\": \"lines.csv\"", "\"path\": \"lines.csv\", \"connection\": \"warehouse\"");

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(json, "odd.json"));

        Assert.Equal("source.connection", ex.Field);
        Assert.Contains("does not belong to a DuckDbFile source", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_WithCatalog_UnconfiguredConnectionIsRefusedNamingIt()
    {
        var json = Sample(SourceReference.ForTable("old-warehouse", null, "lines")).ToJson();

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(json, "elsewhere.json", Catalog(("warehouse", "Host=localhost"))));

        Assert.Equal("source.connection", ex.Field);
        Assert.Contains("no connection named 'old-warehouse' is configured", ex.Message, StringComparison.Ordinal);

        // The library reads it (a connection removed later must not hide the analysis); running it says what is wrong.
        Assert.Equal("old-warehouse", AnalysisDefinition.FromJson(json, "library.json").Source!.Connection);
    }

    [Fact]
    public void CatalogOpen_UnconfiguredConnection_ThrowsASourceExceptionNamingTheSource()
    {
        var ex = Assert.Throws<SourceException>(() => Catalog().Open(SourceReference.ForTable("warehouse", "sales", "lines")));

        Assert.StartsWith("warehouse: sales.lines: no connection named 'warehouse' is configured", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CatalogOpen_RelativePath_IsADuckDbSourceNamedByItsPath()
    {
        Directory.CreateDirectory(_root);
        var source = Catalog().Open(SourceReference.ForFiles("exports/lines.parquet"));

        Assert.Equal("exports/lines.parquet", source.DisplayName);
        Assert.IsType<DuckDbFileSource>(source);
    }

    private SourceCatalog Catalog(params (string Name, string ConnectionString)[] connections) =>
        new(connections.ToDictionary(c => c.Name, c => c.ConnectionString), new DuckDbSettings { AllowedRoot = _root, SpillDirectory = Path.Combine(_root, "spill") });

    [Fact]
    public async Task LoadSource_SavedFeaturesTheSourceLacks_FailsNamingTheSourceAndTheFeature()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "shop.csv"), TestCsv.ThirtyCustomers());
        var settings = new DuckDbSettings { AllowedRoot = _root, SpillDirectory = Path.Combine(_root, "spill") };
        var definition = Sample(SourceReference.ForFiles("shop.csv")) with
        {
            Features = new FeatureSpaceOptions { Features = [FeatureNames.Recency, "LoyaltyPoints"] },
        };

        var loaded = await AnalysisRunner.LoadSourceAsync(definition, new DuckDbFileSource("shop.csv", settings), null, CancellationToken.None);

        Assert.Null(loaded.Dataset);
        Assert.StartsWith("shop.csv: the saved features do not fit this source: ", loaded.Error, StringComparison.Ordinal);
        Assert.Contains("LoyaltyPoints", loaded.Error, StringComparison.Ordinal);
    }

    private static AnalysisDefinition Sample(SourceReference source) => new()
    {
        Name = "Weekly warehouse",
        SavedAt = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero),
        Data = new DataReference { FileName = source.DisplayName, Sha256 = new string('b', 64) },
        Source = source,
        Features = new FeatureSpaceOptions { Features = [FeatureNames.Recency, FeatureNames.Frequency, FeatureNames.Monetary] },
        Segmentation = new SegmentationSettings { NumberOfClusters = 4, Seed = 7 },
    };

    private static byte[] Edit(byte[] json, string from, string to)
    {
        var text = Encoding.UTF8.GetString(json);
        Assert.Contains(from, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }
}

using SegmentIQ.Analytics.Scheduling;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Scheduling;

/// <summary>
/// Schedules over a source: each run aggregates the source again (DuckDB over files in a temporary sources folder, or a
/// table of the test PostgreSQL), so the report follows the data; a source that is gone fails the run with its name.
/// </summary>
public sealed class SourceScheduleTests : IDisposable
{
    private readonly ScheduleTestBed _bed = new();

    public SourceScheduleTests()
    {
        SourcesFolder = Path.Combine(_bed.Root, "sources");
        Directory.CreateDirectory(Path.Combine(SourcesFolder, "exports"));
    }

    private string SourcesFolder { get; }

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void RunOnce_CsvSource_ReaggregatesAtEachRunAndFailsNamingTheSourceWhenTheFileIsGone()
    {
        var file = Path.Combine(SourcesFolder, "exports", "lines.csv.gz");
        File.Copy(SampleCuts.Large.Path, file);
        var catalog = Catalog();
        var (entry, savedSegments) = SaveFromSource(catalog, SourceReference.ForFiles("exports/lines.csv.gz"));
        var runner = new ScheduleRunner(_bed.Library, _bed.Pipeline, _bed.Store, _bed.Time, catalog);
        var schedule = _bed.Store.Add(SourceSchedule(entry));

        var first = runner.RunOnce(schedule, CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Succeeded, first.Outcome);
        Assert.Equal("exports/lines.csv.gz", first.Source);
        Assert.Null(first.File);
        Assert.Equal(SampleCuts.Large.Customers, first.Customers);
        Assert.Equal(savedSegments, first.Segments);
        Assert.Equal(entry.Definition.Data.Sha256, first.Sha256);
        Assert.True(File.Exists(first.ReportPath));

        // Next week the export holds other lines: the run reads them, not what was there when the analysis was saved.
        File.Copy(SampleCuts.Small.Path, file, overwrite: true);
        var second = runner.RunOnce(schedule, CancellationToken.None);
        Assert.Equal(ScheduledRunOutcome.Succeeded, second.Outcome);
        Assert.Equal(SampleCuts.Small.Customers, second.Customers);
        Assert.NotEqual(first.Sha256, second.Sha256);

        File.Delete(file);
        var third = runner.RunOnce(schedule, CancellationToken.None);
        Assert.Equal(ScheduledRunOutcome.Failed, third.Outcome);
        Assert.Equal("exports/lines.csv.gz: no file matches 'exports/lines.csv.gz' in the data folder for sources.", third.Reason);
        Assert.Null(third.ReportPath);
        var logged = RunLog.Read(_bed.OutputFolder);
        Assert.Equal([ScheduledRunOutcome.Succeeded, ScheduledRunOutcome.Succeeded, ScheduledRunOutcome.Failed], logged.Select(r => r.Outcome));
        Assert.Equal(third.Reason, logged[^1].Reason);
        Assert.Equal(third, _bed.Store.Find(schedule.Id)!.LastRun);
    }

    [Fact]
    public void RunOnce_ParquetGlobSource_ReadsEveryMatchingFile()
    {
        WriteParquet(SampleCuts.Large.Path, Path.Combine(SourcesFolder, "exports", "part-1.parquet"));
        var catalog = Catalog();
        var (entry, _) = SaveFromSource(catalog, SourceReference.ForFiles("exports/part-*.parquet"));
        var runner = new ScheduleRunner(_bed.Library, _bed.Pipeline, _bed.Store, _bed.Time, catalog);
        var schedule = _bed.Store.Add(SourceSchedule(entry));
        Assert.Equal(SampleCuts.Large.Customers, runner.RunOnce(schedule, CancellationToken.None).Customers);

        // A second file arrives beside the first: both are read (the small cut's customers are all in the large one).
        WriteParquet(SampleCuts.Small.Path, Path.Combine(SourcesFolder, "exports", "part-2.parquet"));
        var run = runner.RunOnce(schedule, CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Succeeded, run.Outcome);
        Assert.Equal(SampleCuts.Large.Customers, run.Customers);
        Assert.NotEqual(entry.Definition.Data.Sha256, run.Sha256);
    }

    [Fact]
    public void RunOnce_ConnectionNoLongerConfigured_FailsNamingTheSourceAndTheConnection()
    {
        var source = SourceReference.ForTable("warehouse", "sales", "lines");
        var entry = _bed.Library.Save(_bed.Analysis.Definition with { Source = source, Data = new DataReference { FileName = source.DisplayName, Sha256 = new string('c', 64) } }, null);
        var runner = new ScheduleRunner(_bed.Library, _bed.Pipeline, _bed.Store, _bed.Time, Catalog());
        var schedule = _bed.Store.Add(SourceSchedule(entry));

        var run = runner.RunOnce(schedule, CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Failed, run.Outcome);
        Assert.Equal("warehouse: sales.lines", run.Source);
        Assert.StartsWith("warehouse: sales.lines: no connection named 'warehouse' is configured", run.Reason, StringComparison.Ordinal);
        Assert.Equal(run.Reason, Assert.Single(RunLog.Read(_bed.OutputFolder)).Reason);
    }

    [Fact]
    public void Add_SourceScheduleWithAPathLeavingTheSourcesFolder_IsRefusedNamingSource()
    {
        var schedule = SourceSchedule(_bed.Analysis) with { Source = SourceReference.ForFiles("../library/analyses") };

        var ex = Assert.Throws<InvalidScheduleException>(() => _bed.Store.Add(schedule));

        Assert.Equal(nameof(ReportSchedule.Source), ex.ParamName);
        Assert.Contains("must be relative to the sources folder and stay inside it", ex.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public void RunOnce_PostgresSource_ReaggregatesTheCurrentTableAndFailsNamingItWhenDropped()
    {
        var schema = "siq_schedule_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            SegmentIQ.Bench.PostgresRetailLoader.Load(TestServices.Postgres!, schema, "lines", SampleCuts.Large.Path);
            var catalog = Catalog(("warehouse", TestServices.Postgres!));
            var (entry, savedSegments) = SaveFromSource(catalog, SourceReference.ForTable("warehouse", schema, "lines"));
            var stored = File.ReadAllText(Path.Combine(_bed.Library.Root, "analyses", entry.Id + ".json"));
            Assert.Contains("\"connection\": \"warehouse\"", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("Password", stored, StringComparison.OrdinalIgnoreCase);
            var runner = new ScheduleRunner(_bed.Library, _bed.Pipeline, _bed.Store, _bed.Time, catalog);
            var schedule = _bed.Store.Add(SourceSchedule(entry));

            var first = runner.RunOnce(schedule, CancellationToken.None);
            Assert.Equal(ScheduledRunOutcome.Succeeded, first.Outcome);
            Assert.Equal(SampleCuts.Large.Customers, first.Customers);
            Assert.Equal(savedSegments, first.Segments);

            SegmentIQ.Bench.PostgresRetailLoader.Load(TestServices.Postgres!, schema, "lines", SampleCuts.Small.Path);
            Assert.Equal(SampleCuts.Small.Customers, runner.RunOnce(schedule, CancellationToken.None).Customers);

            Execute($"DROP TABLE \"{schema}\".lines");
            var failed = runner.RunOnce(schedule, CancellationToken.None);
            Assert.Equal(ScheduledRunOutcome.Failed, failed.Outcome);
            Assert.Equal($"warehouse: {schema}.lines: there is no table or view '{schema}.lines' (names are matched exactly, case included).", failed.Reason);
        }
        finally
        {
            Execute($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    private static void Execute(string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(TestServices.Postgres);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void WriteParquet(string csv, string parquet)
    {
        using var duck = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"COPY (SELECT * FROM read_csv('{csv.Replace("'", "''", StringComparison.Ordinal)}', header = true)) TO '{parquet.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET)";
        command.ExecuteNonQuery();
    }

    private SourceCatalog Catalog(params (string Name, string ConnectionString)[] connections) => new(
        connections.ToDictionary(c => c.Name, c => c.ConnectionString),
        new DuckDbSettings { AllowedRoot = SourcesFolder, SpillDirectory = Path.Combine(_bed.Root, "spill"), MemoryLimit = "512MB", Threads = 1 });

    /// <summary>Aggregates the source as the Connect tab does, segments it with the defaults and saves it (no data copy).</summary>
    private (LibraryEntry Entry, int Segments) SaveFromSource(SourceCatalog catalog, SourceReference reference)
    {
        var loaded = SourceLoader.LoadAsync(catalog.Open(reference), null, null, null, CancellationToken.None).GetAwaiter().GetResult();
        var dataset = loaded.Dataset ?? throw new InvalidOperationException(loaded.Error);
        var space = _bed.Pipeline.Space(dataset, null, CancellationToken.None);
        var settings = new SegmentationSettings();
        var segmentation = _bed.Pipeline.Segment(space, settings, null, CancellationToken.None);
        var definition = AnalysisRunner.Capture(
            dataset, space, settings, null, "Weekly warehouse", null, ScheduleTestBed.Start, source: reference with { Mapping = dataset.Mapping });
        return (_bed.Library.Save(definition, null), segmentation.NumberOfClusters);
    }

    private ReportSchedule SourceSchedule(LibraryEntry entry) => new()
    {
        Name = "Weekly from the warehouse",
        AnalysisId = entry.Id,
        Source = entry.Definition.Source,
        Cron = "0 6 * * 1",
        OutputFolder = _bed.OutputFolder,
    };
}

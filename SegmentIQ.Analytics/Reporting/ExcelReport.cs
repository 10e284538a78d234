using System.Drawing;
using System.Globalization;
using OfficeOpenXml;
using OfficeOpenXml.Drawing.Chart;
using OfficeOpenXml.Style;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Reporting;

/// <summary>
/// Builds the Excel report (EPPlus 4.5), sheets in this order: Summary with native charts, Personas, Segment profiles,
/// Customers, Rules, Data quality, Lifetime value, Segment tests, Movers, Recommendations and Parameters (the optional
/// ones only when given). Every text value is written as a string cell, never as a formula, and text that looks
/// like a formula also gets Excel's quote prefix so editing the cell later keeps it text. Column widths come from
/// the content length because EPPlus's AutoFit needs System.Drawing (GDI+), which Linux servers lack.
/// </summary>
public static class ExcelReport
{
    /// <summary>Sheet names, in workbook order (Rules and Data quality only when given).</summary>
    public const string SummarySheet = "Summary";

    /// <summary>The personas sheet.</summary>
    public const string PersonasSheet = "Personas";

    /// <summary>The segment profiles sheet.</summary>
    public const string ProfilesSheet = "Segment profiles";

    /// <summary>The customers sheet.</summary>
    public const string CustomersSheet = "Customers";

    /// <summary>The rules sheet.</summary>
    public const string RulesSheet = "Rules";

    /// <summary>The movers sheet (customers who changed segment between two snapshots).</summary>
    public const string MoversSheet = "Movers";

    /// <summary>The data quality sheet.</summary>
    public const string DataQualitySheet = "Data quality";

    /// <summary>The segment tests sheet (per-feature tests and standardised centroid differences).</summary>
    public const string SegmentTestsSheet = "Segment tests";

    /// <summary>The parameters sheet.</summary>
    public const string ParametersSheet = "Parameters";

    /// <summary>Next-best products per customer (only when given).</summary>
    public const string RecommendationsSheet = "Recommendations";

    /// <summary>A/B test plans per segment, conversion and order value (only when given).</summary>
    public const string AbPlanningSheet = "A-B planning";

    /// <summary>BG/NBD and Gamma-Gamma parameters and per-customer lifetime values (only when given).</summary>
    public const string LifetimeSheet = "Lifetime value";

    private const string IntegerFormat = "#,##0";
    private const string DecimalFormat = "#,##0.00";
    private const string PercentFormat = "0.0%";
    private const int MaxCellText = 32767;
    private const double MaxColumnWidth = 80;

    private static readonly Color HeaderFill = Color.FromArgb(0x1F, 0x4E, 0x79);
    private static readonly Color TitleColor = Color.FromArgb(0x1F, 0x4E, 0x79);

    /// <summary>
    /// Writes the workbook to <paramref name="output"/>; <paramref name="progress"/> gets 0…1 (the Customers sheet
    /// and saving dominate the time).
    /// </summary>
    public static void Write(ReportInput input, Stream output, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        input.Validate();
        using var package = new ExcelPackage();
        package.Workbook.Properties.Title = $"SegmentIQ report — {input.DatasetName}";
        package.Workbook.Properties.Author = "SegmentIQ";
        WriteSummary(package, input);
        cancellationToken.ThrowIfCancellationRequested();
        WritePersonas(package, input);
        WriteProfiles(package, input);
        progress?.Report(0.05);
        cancellationToken.ThrowIfCancellationRequested();
        WriteCustomers(package, input, cancellationToken, progress);
        progress?.Report(0.5);
        if (input.Rules is { } rules)
        {
            WriteRules(package, rules, cancellationToken);
        }

        if (input.DataQualitySummary is not null || input.DataQualityIssues is not null)
        {
            WriteDataQuality(package, input.DataQualitySummary ?? [], input.DataQualityIssues ?? []);
        }

        if (input.Lifetime is { } lifetime)
        {
            WriteLifetime(package, lifetime, MoneyFormat(input), cancellationToken);
        }

        if (input.SegmentTests is not null || input.SegmentDifferences is not null)
        {
            WriteSegmentTests(package, input.SegmentTests, input.SegmentDifferences);
        }

        if (input.Movers is { } movers)
        {
            WriteMovers(package, movers, MoneyFormat(input), cancellationToken);
        }

        if (input.Recommendations is { } recommendations)
        {
            WriteRecommendations(package, recommendations, cancellationToken);
        }

        if (input.AbTests is { Count: > 0 } abTests)
        {
            WriteAbPlans(package, abTests, input.Personas, MoneyFormat(input));
        }

        WriteParameters(package, input);
        progress?.Report(0.55);
        cancellationToken.ThrowIfCancellationRequested();
        package.SaveAs(output);
        progress?.Report(1);
    }

    /// <summary>The workbook as bytes (see <see cref="Write"/>).</summary>
    public static byte[] Build(ReportInput input, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        Write(input, stream, progress, cancellationToken);
        return stream.ToArray();
    }

    private static void WriteSummary(ExcelPackage package, ReportInput input)
    {
        var ws = package.Workbook.Worksheets.Add(SummarySheet);
        var widths = new ColumnWidths();
        SetText(ws.Cells[1, 1], $"Customer segmentation — {input.DatasetName}", widths);
        ws.Cells[1, 1].Style.Font.Size = 16;
        ws.Cells[1, 1].Style.Font.Bold = true;
        ws.Cells[1, 1].Style.Font.Color.SetColor(TitleColor);
        widths.Reset(1);
        SetText(ws.Cells[2, 1], $"{input.Algorithm}, {input.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture)}", widths);
        widths.Reset(1);

        var overall = input.Kpis.Overall;
        var row = 4;
        (string Label, object? Value, string Format)[] headline =
        [
            ("Customers", overall.Customers, IntegerFormat),
            ("Segments", input.Personas.Personas.Count(p => !p.IsNoise), IntegerFormat),
            ("Revenue", overall.Revenue, MoneyFormat(input)),
            ("Revenue at risk", overall.RevenueAtRisk, MoneyFormat(input)),
            ("Revenue at risk share", overall.RevenueAtRisk is { } risk && overall.Revenue is > 0 ? risk / overall.Revenue : null, PercentFormat),
        ];
        var lifetime = input.Lifetime?.BySegment(input);
        if (input.Lifetime is { } fitted && lifetime is not null)
        {
            var clv = lifetime.Sum(l => l.ClvTotal);
            headline =
            [
                .. headline,
                ($"Customer lifetime value, next {fitted.Values.Options.HorizonMonths} months", double.IsFinite(clv) ? clv : null, MoneyFormat(input)),
                ($"Customers at risk (P(alive) < {fitted.AtRiskThreshold.ToString("0.##", CultureInfo.InvariantCulture)})", lifetime.Sum(l => l.AtRisk), IntegerFormat),
            ];
        }

        foreach (var (label, value, format) in headline)
        {
            SetText(ws.Cells[row, 1], label, widths);
            ws.Cells[row, 1].Style.Font.Bold = true;
            SetValue(ws.Cells[row, 2], value, widths, format);
            row++;
        }

        SetText(ws.Cells[row, 1], "Currency", widths);
        ws.Cells[row, 1].Style.Font.Bold = true;
        SetText(ws.Cells[row, 2], input.Currency is { } currency ? $"{currency.Code} ({currency.Symbol}), {currency.Reason}" : "not known: amounts are plain numbers", widths);
        row++;

        row++;
        var headerRow = row;
        string[] headers = lifetime is null
            ? ["Persona", "Segment", "Customers", "Customer share", "Revenue", "Revenue share", "Revenue at risk"]
            : ["Persona", "Segment", "Customers", "Customer share", "Revenue", "Revenue share", "Revenue at risk", "CLV per customer", "Mean P(alive)"];
        WriteHeader(ws, headerRow, headers, widths);
        var first = headerRow + 1;
        foreach (var persona in input.Personas.Personas)
        {
            row++;
            var kpi = input.Kpis.ForLabel(persona.Label);
            SetText(ws.Cells[row, 1], persona.Name, widths);
            SetSegment(ws.Cells[row, 2], persona.Label, widths);
            SetValue(ws.Cells[row, 3], persona.Customers, widths, IntegerFormat);
            SetValue(ws.Cells[row, 4], persona.Share, widths, PercentFormat);
            SetValue(ws.Cells[row, 5], kpi?.Revenue, widths, MoneyFormat(input));
            SetValue(ws.Cells[row, 6], kpi?.RevenueShare, widths, PercentFormat);
            SetValue(ws.Cells[row, 7], kpi?.RevenueAtRisk, widths, MoneyFormat(input));
            if (lifetime?.FirstOrDefault(l => l.Label == persona.Label) is { } segment)
            {
                SetValue(ws.Cells[row, 8], double.IsFinite(segment.ClvMean) ? segment.ClvMean : null, widths, MoneyFormat(input));
                SetValue(ws.Cells[row, 9], segment.MeanProbabilityAlive, widths, PercentFormat);
            }
        }

        var last = row;
        if (last >= first)
        {
            ws.Cells[headerRow, 1, last, headers.Length].AutoFilter = true;
            var chartTop = last + 2;
            if (overall.Revenue is not null)
            {
                AddBarChart(ws, "RevenueByPersona", "Revenue by persona", ws.Cells[first, 5, last, 5], ws.Cells[first, 1, last, 1], chartTop, 0);
            }

            AddBarChart(ws, "CustomersByPersona", "Customers by persona", ws.Cells[first, 3, last, 3], ws.Cells[first, 1, last, 1], chartTop, overall.Revenue is null ? 0 : 4);
        }

        ws.View.FreezePanes(headerRow + 1, 1);
        widths.Apply(ws);
    }

    private static void AddBarChart(ExcelWorksheet ws, string name, string title, ExcelRange values, ExcelRange categories, int top, int left)
    {
        var chart = (ExcelBarChart)ws.Drawings.AddChart(name, eChartType.BarClustered);
        chart.Title.Text = title;
        var series = chart.Series.Add(values, categories);
        series.Header = title;
        chart.Legend.Remove();
        chart.SetPosition(top, 0, left, 0);
        chart.SetSize(520, 320);
    }

    private static void WritePersonas(ExcelPackage package, ReportInput input)
    {
        var ws = package.Workbook.Worksheets.Add(PersonasSheet);
        var widths = new ColumnWidths();
        string[] headers = ["Segment", "Persona", "Archetype", "Customers", "Customer share", "Revenue share", "At risk", "Description", "Key traits", "Recommended actions"];
        WriteHeader(ws, 1, headers, widths);
        var row = 1;
        foreach (var p in input.Personas.Personas)
        {
            row++;
            SetSegment(ws.Cells[row, 1], p.Label, widths);
            SetText(ws.Cells[row, 2], p.Name, widths);
            SetText(ws.Cells[row, 3], p.Archetype, widths);
            SetValue(ws.Cells[row, 4], p.Customers, widths, IntegerFormat);
            SetValue(ws.Cells[row, 5], p.Share, widths, PercentFormat);
            SetValue(ws.Cells[row, 6], p.RevenueShare, widths, PercentFormat);
            SetText(ws.Cells[row, 7], p.IsAtRisk ? "yes" : "no", widths);
            SetText(ws.Cells[row, 8], p.Description, widths);
            SetText(ws.Cells[row, 9], string.Join("\n", p.Traits), widths);
            SetText(ws.Cells[row, 10], string.Join("\n", p.Actions.Select(a => $"{a.Action} — {a.Reason}")), widths);
        }

        if (row > 1)
        {
            ws.Cells[2, 8, row, 10].Style.WrapText = true;
            ws.Cells[2, 1, row, 10].Style.VerticalAlignment = ExcelVerticalAlignment.Top;
        }

        FinishTable(ws, row, headers.Length, widths);
    }

    private static void WriteProfiles(ExcelPackage package, ReportInput input)
    {
        var ws = package.Workbook.Worksheets.Add(ProfilesSheet);
        var widths = new ColumnWidths();
        var customers = input.Customers;
        var metrics = new (string Name, Func<SegmentKpi, MetricSummary?> Get)[]
        {
            ("Recency", k => k.Recency),
            ("Frequency", k => k.Frequency),
            ("Monetary", k => k.Monetary),
            ("Order value", k => k.AverageOrderValue),
            ("Tenure", k => k.Tenure),
        };
        var shownMetrics = metrics.Where(m => input.Kpis.Overall is var o && m.Get(o) is not null).ToArray();
        var headers = new List<string> { "Segment", "Persona", "Customers", "Customer share", "Revenue", "Revenue share", "Revenue at risk" };
        foreach (var m in shownMetrics)
        {
            headers.Add($"{m.Name} mean");
            headers.Add($"{m.Name} median");
        }

        var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Recency", "Frequency", "Monetary", "AverageOrderValue", "Tenure" };
        var otherColumns = customers.Columns.Where(c => !covered.Contains(c.Name) || shownMetrics.Length == 0).ToArray();
        headers.AddRange(otherColumns.Select(c => $"{c.Name} mean"));
        WriteHeader(ws, 1, headers, widths);

        var sums = new Dictionary<int, double[]>();
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < customers.Count; i++)
        {
            var label = input.Labels[i];
            if (!sums.TryGetValue(label, out var s))
            {
                s = new double[otherColumns.Length];
                sums[label] = s;
                counts[label] = 0;
            }

            counts[label]++;
            for (var c = 0; c < otherColumns.Length; c++)
            {
                s[c] += otherColumns[c].Values[i];
            }
        }

        var row = 1;
        foreach (var kpi in input.Kpis.Segments.Append(input.Kpis.Overall))
        {
            row++;
            var col = 1;
            if (kpi.Label is { } label)
            {
                SetSegment(ws.Cells[row, col++], label, widths);
                SetText(ws.Cells[row, col++], input.Personas.NameOf(label), widths);
            }
            else
            {
                SetText(ws.Cells[row, col++], "All", widths);
                SetText(ws.Cells[row, col++], "All customers", widths);
                ws.Cells[row, 1, row, headers.Count].Style.Font.Bold = true;
            }

            SetValue(ws.Cells[row, col++], kpi.Customers, widths, IntegerFormat);
            SetValue(ws.Cells[row, col++], kpi.Share, widths, PercentFormat);
            SetValue(ws.Cells[row, col++], kpi.Revenue, widths, MoneyFormat(input));
            SetValue(ws.Cells[row, col++], kpi.RevenueShare, widths, PercentFormat);
            SetValue(ws.Cells[row, col++], kpi.RevenueAtRisk, widths, MoneyFormat(input));
            foreach (var m in shownMetrics)
            {
                var summary = m.Get(kpi);
                SetValue(ws.Cells[row, col++], summary?.Mean, widths, DecimalFormat);
                SetValue(ws.Cells[row, col++], summary?.Median, widths, DecimalFormat);
            }

            for (var c = 0; c < otherColumns.Length; c++)
            {
                double? mean = kpi.Label is { } l
                    ? sums.TryGetValue(l, out var s) ? s[c] / counts[l] : null
                    : otherColumns[c].Values.Average();
                SetValue(ws.Cells[row, col++], mean, widths, DecimalFormat);
            }
        }

        FinishTable(ws, row, headers.Count, widths);
    }

    private static void WriteCustomers(ExcelPackage package, ReportInput input, CancellationToken cancellationToken, IProgress<double>? progress)
    {
        var ws = package.Workbook.Worksheets.Add(CustomersSheet);
        var widths = new ColumnWidths();
        var customers = input.Customers;
        var headers = new List<string> { "CustomerId" };
        headers.AddRange(customers.Columns.Select(c => c.Name));
        headers.Add("Segment");
        headers.Add("Persona");
        if (input.MembershipProbabilities is not null)
        {
            headers.Add("Membership probability");
        }

        if (input.AnomalyFlags is not null)
        {
            headers.Add("Anomaly");
        }

        WriteHeader(ws, 1, headers, widths);
        var featureCount = customers.Columns.Count;
        for (var i = 0; i < customers.Count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(0.05 + (0.45 * i / customers.Count));
            }

            var row = i + 2;
            SetText(ws.Cells[row, 1], customers.CustomerIds[i], widths);
            for (var c = 0; c < featureCount; c++)
            {
                SetValue(ws.Cells[row, 2 + c], customers.Columns[c].Values[i], widths, format: null);
            }

            var col = 2 + featureCount;
            var label = input.Labels[i];
            SetSegment(ws.Cells[row, col++], label, widths);
            SetText(ws.Cells[row, col++], input.Personas.NameOf(label), widths);
            if (input.MembershipProbabilities is { } probabilities)
            {
                SetValue(ws.Cells[row, col++], probabilities[i], widths, format: null);
            }

            if (input.AnomalyFlags is { } flags)
            {
                SetText(ws.Cells[row, col], flags[i] ? "yes" : "no", widths);
            }
        }

        // Number formats per column, not per cell: one style entry each, and much faster.
        var lastRow = customers.Count + 1;
        if (customers.Count > 0)
        {
            for (var c = 0; c < featureCount; c++)
            {
                ws.Cells[2, 2 + c, lastRow, 2 + c].Style.Numberformat.Format = DecimalFormat;
            }

            if (input.MembershipProbabilities is not null)
            {
                ws.Cells[2, featureCount + 4, lastRow, featureCount + 4].Style.Numberformat.Format = PercentFormat;
            }
        }

        FinishTable(ws, lastRow, headers.Count, widths);
    }

    private static void WriteRules(ExcelPackage package, IReadOnlyList<ReportRule> rules, CancellationToken cancellationToken)
    {
        var ws = package.Workbook.Worksheets.Add(RulesSheet);
        var widths = new ColumnWidths();
        string[] headers = ["Rank", "If the basket has", "Then it also has", "Support", "Confidence", "Lift", "Leverage", "Conviction"];
        WriteHeader(ws, 1, headers, widths);
        for (var i = 0; i < rules.Count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var r = rules[i];
            var row = i + 2;
            SetValue(ws.Cells[row, 1], i + 1, widths, format: null);
            SetText(ws.Cells[row, 2], r.Antecedent, widths);
            SetText(ws.Cells[row, 3], r.Consequent, widths);
            SetValue(ws.Cells[row, 4], r.Support, widths, format: null);
            SetValue(ws.Cells[row, 5], r.Confidence, widths, format: null);
            SetValue(ws.Cells[row, 6], r.Lift, widths, format: null);
            SetValue(ws.Cells[row, 7], r.Leverage, widths, format: null);

            // Conviction is infinite for rules with confidence 1; Excel has no infinity, so the cell says so in text.
            if (double.IsPositiveInfinity(r.Conviction))
            {
                SetText(ws.Cells[row, 8], "∞", widths);
            }
            else
            {
                SetValue(ws.Cells[row, 8], r.Conviction, widths, format: null);
            }
        }

        var lastRow = rules.Count + 1;
        if (rules.Count > 0)
        {
            ws.Cells[2, 4, lastRow, 5].Style.Numberformat.Format = "0.00%";
            ws.Cells[2, 6, lastRow, 8].Style.Numberformat.Format = "0.000";
        }

        FinishTable(ws, lastRow, headers.Length, widths);
    }

    private static void WriteMovers(ExcelPackage package, ReportMovers movers, string moneyFormat, CancellationToken cancellationToken)
    {
        var ws = package.Workbook.Worksheets.Add(MoversSheet);
        var widths = new ColumnWidths();
        string[] headers = ["Customer", $"{movers.StateHeader} {movers.From}", $"{movers.StateHeader} {movers.To}", $"Revenue {movers.From}", $"Revenue {movers.To}"];
        WriteHeader(ws, 1, headers, widths);
        for (var i = 0; i < movers.Movers.Count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var m = movers.Movers[i];
            var row = i + 2;
            SetText(ws.Cells[row, 1], m.CustomerId, widths);
            SetText(ws.Cells[row, 2], m.From, widths);
            SetText(ws.Cells[row, 3], m.To, widths);
            SetValue(ws.Cells[row, 4], m.RevenueBefore, widths, moneyFormat);
            SetValue(ws.Cells[row, 5], m.RevenueAfter, widths, moneyFormat);
        }

        FinishTable(ws, movers.Movers.Count + 1, headers.Length, widths);
    }

    private static void WriteRecommendations(ExcelPackage package, ReportRecommendations recommendations, CancellationToken cancellationToken)
    {
        var ws = package.Workbook.Worksheets.Add(RecommendationsSheet);
        var widths = new ColumnWidths();
        WriteHeader(ws, 1, recommendations.Headers, widths);
        for (var i = 0; i < recommendations.Rows.Count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var cells = recommendations.Rows[i];
            for (var j = 0; j < cells.Count; j++)
            {
                if (cells[j] is string text)
                {
                    SetText(ws.Cells[i + 2, j + 1], text, widths);
                }
                else
                {
                    SetValue(ws.Cells[i + 2, j + 1], cells[j], widths, cells[j] is double ? "0.000" : null);
                }
            }
        }

        FinishTable(ws, recommendations.Rows.Count + 1, recommendations.Headers.Count, widths);
    }

    private static void WriteAbPlans(ExcelPackage package, IReadOnlyList<Recommendations.SegmentAbPlans> plans, PersonaSet personas, string moneyFormat)
    {
        var ws = package.Workbook.Worksheets.Add(AbPlanningSheet);
        var widths = new ColumnWidths();
        var row = 0;
        foreach (var set in plans)
        {
            var options = set.Options;
            var conversion = options.Metric == Recommendations.AbTestMetric.Conversion;
            var differenceFormat = conversion ? "0.00%" : moneyFormat;
            row++;
            SetText(ws.Cells[row, 1], conversion ? "Conversion rate" : "Order value", widths);
            ws.Cells[row, 1].Style.Font.Bold = true;
            SetText(ws.Cells[row, 2], set.TestName, widths);
            var settings = new List<ReportItem>();
            if (conversion)
            {
                settings.Add(new ReportItem("Baseline rate", options.BaselineRate));
            }

            settings.Add(new ReportItem(
                options.RelativeEffect ? (conversion ? "Minimum effect (share of the baseline)" : "Minimum effect (share of the segment's mean)") : (conversion ? "Minimum effect (rate points)" : "Minimum effect (money)"),
                options.MinimumDetectableEffect));
            settings.Add(new ReportItem("Alpha", options.Alpha));
            settings.Add(new ReportItem("Power", options.Power));
            settings.Add(new ReportItem("Treated per control", options.AllocationRatio));
            settings.Add(new ReportItem("Sides", options.TwoSided ? "two-sided" : "one-sided (an increase)"));
            foreach (var item in settings)
            {
                row++;
                SetText(ws.Cells[row, 1], item.Label, widths);
                SetValue(ws.Cells[row, 2], item.Value, widths, format: null);
            }

            row++;
            if (set.Unavailable is { } why)
            {
                SetText(ws.Cells[++row, 1], why, widths);
                row++;
                continue;
            }

            WriteHeader(ws, ++row, ["Segment", "Customers", "Mean order value", "Standard deviation", "Difference to detect", "Control needed", "Treated needed", "Large enough", "Smallest detectable difference", "Note"], widths);
            foreach (var segment in set.Segments)
            {
                row++;
                SetText(ws.Cells[row, 1], SegmentNames.Display(segment.Label, personas), widths);
                SetValue(ws.Cells[row, 2], segment.Customers, widths, IntegerFormat);
                SetValue(ws.Cells[row, 3], segment.Mean, widths, moneyFormat);
                SetValue(ws.Cells[row, 4], segment.StandardDeviation, widths, moneyFormat);
                SetValue(ws.Cells[row, 5], double.IsFinite(segment.Difference) ? segment.Difference : null, widths, differenceFormat);
                SetValue(ws.Cells[row, 6], segment.Plan?.Required.Control, widths, IntegerFormat);
                SetValue(ws.Cells[row, 7], segment.Plan?.Required.Treatment, widths, IntegerFormat);
                SetText(ws.Cells[row, 8], segment.Plan is { } plan ? (plan.LargeEnough ? "yes" : "no") : string.Empty, widths);
                SetValue(ws.Cells[row, 9], segment.Plan?.SmallestDetectableEffect, widths, differenceFormat);
                SetText(ws.Cells[row, 10], segment.Note ?? (segment.Plan is { SmallestDetectableEffect: null } ? "too few customers to detect any effect" : string.Empty), widths);
            }

            row++;
        }

        widths.Apply(ws);
    }

    private static void WriteDataQuality(ExcelPackage package, IReadOnlyList<ReportItem> summary, IReadOnlyList<ReportIssue> issues)
    {
        var ws = package.Workbook.Worksheets.Add(DataQualitySheet);
        var widths = new ColumnWidths();
        WriteHeader(ws, 1, ["Measure", "Value", "Note"], widths);
        var row = 1;
        foreach (var item in summary)
        {
            row++;
            SetText(ws.Cells[row, 1], item.Label, widths);
            SetValue(ws.Cells[row, 2], item.Value, widths, format: null);
            SetText(ws.Cells[row, 3], item.Note ?? string.Empty, widths);
        }

        row += 2;
        var issueHeader = row;
        WriteHeader(ws, issueHeader, ["Severity", "Issue", "Rows", "Example"], widths);
        foreach (var issue in issues)
        {
            row++;
            SetText(ws.Cells[row, 1], issue.Severity, widths);
            SetText(ws.Cells[row, 2], issue.Issue, widths);
            SetValue(ws.Cells[row, 3], issue.Rows, widths, IntegerFormat);
            SetText(ws.Cells[row, 4], issue.Example ?? string.Empty, widths);
        }

        if (row > issueHeader)
        {
            ws.Cells[issueHeader, 1, row, 4].AutoFilter = true;
        }

        ws.View.FreezePanes(2, 1);
        widths.Apply(ws);
    }

    // The parameters on top (with standard errors), the customers below them.
    private static void WriteLifetime(ExcelPackage package, ReportLifetime lifetime, string moneyFormat, CancellationToken cancellationToken)
    {
        var ws = package.Workbook.Worksheets.Add(LifetimeSheet);
        var widths = new ColumnWidths();
        var (fit, values) = (lifetime.Fit, lifetime.Values);
        WriteHeader(ws, 1, ["Parameter", "Value", "Standard error", "Note"], widths);
        var unit = Lifetime.TimeUnits.Name(fit.Summary.Unit);
        var rows = new List<(string Label, object? Value, double? Error, string Note)>();
        for (var k = 0; k < 4; k++)
        {
            rows.Add(($"BG/NBD {Lifetime.BgNbdModel.ParameterNames[k]}", fit.Purchases.Parameters[k], fit.Purchases.StandardErrors[k], $"time unit: {unit}"));
        }

        rows.Add(("BG/NBD log-likelihood", fit.Purchases.LogLikelihood, null, fit.Purchases.Converged ? "converged" : "did not converge"));
        if (fit.Purchases.BoundaryMessage is { } boundary)
        {
            rows.Add(("BG/NBD boundary", null, null, boundary));
        }

        if (fit.Spend is { } spend)
        {
            for (var k = 0; k < 3; k++)
            {
                rows.Add(($"Gamma-Gamma {Lifetime.GammaGammaModel.ParameterNames[k]}", spend.Parameters[k], spend.StandardErrors[k], $"{spend.Customers} repeat buyers"));
            }

            rows.Add(("Gamma-Gamma log-likelihood", spend.LogLikelihood, null, spend.Converged ? "converged" : "did not converge"));
            rows.Add(("Repeat buyers left out (spend ≤ 0)", spend.ExcludedNonPositiveSpend, null, string.Empty));
            rows.Add(("Frequency–spend correlation", spend.FrequencySpendCorrelation, null, spend.CorrelationWarning ?? "the model assumes independence"));
        }
        else
        {
            rows.Add(("Gamma-Gamma", null, null, fit.SpendUnavailable ?? string.Empty));
        }

        rows.Add(("Calibration end", fit.Summary.CalibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, string.Empty));
        rows.Add(("Horizon (months)", values.Options.HorizonMonths, null, string.Empty));
        rows.Add(("Monthly discount rate", values.Options.MonthlyDiscountRate, null, string.Empty));
        var row = 1;
        foreach (var (label, value, error, note) in rows)
        {
            row++;
            SetText(ws.Cells[row, 1], label, widths);
            SetValue(ws.Cells[row, 2], value, widths, format: null);
            SetValue(ws.Cells[row, 3], error is { } e && double.IsFinite(e) ? e : null, widths, format: null);
            SetText(ws.Cells[row, 4], note, widths);
        }

        row += 2;
        WriteHeader(ws, row, ["CustomerID", "Frequency", "Recency", "T", "Mean repeat spend", "P(alive)", "Expected purchases", "Expected spend", "CLV"], widths);
        var summary = fit.Summary;
        for (var i = 0; i < summary.Count; i++)
        {
            if ((i & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            row++;
            SetText(ws.Cells[row, 1], summary.CustomerIds[i], widths);
            SetValue(ws.Cells[row, 2], summary.Frequency[i], widths, IntegerFormat);
            SetValue(ws.Cells[row, 3], summary.Recency[i], widths, DecimalFormat);
            SetValue(ws.Cells[row, 4], summary.T[i], widths, DecimalFormat);
            SetValue(ws.Cells[row, 5], summary.MonetaryValue[i], widths, moneyFormat);
            SetValue(ws.Cells[row, 6], values.ProbabilityAlive[i], widths, "0.0000");
            SetValue(ws.Cells[row, 7], values.ExpectedPurchases[i], widths, DecimalFormat);
            SetValue(ws.Cells[row, 8], double.IsFinite(values.ExpectedSpend[i]) ? values.ExpectedSpend[i] : null, widths, moneyFormat);
            SetValue(ws.Cells[row, 9], double.IsFinite(values.Clv[i]) ? values.Clv[i] : null, widths, moneyFormat);
        }

        widths.Apply(ws);
    }

    private static void WriteSegmentTests(ExcelPackage package, Explain.SegmentTestReport? tests, Explain.CentroidDifferences? differences)
    {
        var ws = package.Workbook.Worksheets.Add(SegmentTestsSheet);
        var widths = new ColumnWidths();
        var row = 0;
        if (tests is not null)
        {
            row = 1;
            WriteHeader(ws, row, ["Feature", "Kruskal-Wallis H", "Epsilon squared", "Holm p (Kruskal-Wallis)", "ANOVA F", "Eta squared", "Holm p (ANOVA)", "Note"], widths);
            foreach (var f in tests.Features)
            {
                row++;
                SetText(ws.Cells[row, 1], f.Feature, widths);
                SetValue(ws.Cells[row, 2], f.Kruskal?.H, widths, DecimalFormat);
                SetValue(ws.Cells[row, 3], f.Kruskal?.EpsilonSquared, widths, "0.000");
                SetValue(ws.Cells[row, 4], double.IsNaN(f.KruskalPHolm) ? null : f.KruskalPHolm, widths, "0.00E+00");
                SetValue(ws.Cells[row, 5], f.Anova?.F, widths, DecimalFormat);
                SetValue(ws.Cells[row, 6], f.Anova?.EtaSquared, widths, "0.000");
                SetValue(ws.Cells[row, 7], double.IsNaN(f.AnovaPHolm) ? null : f.AnovaPHolm, widths, "0.00E+00");
                SetText(ws.Cells[row, 8], f.Problem ?? string.Empty, widths);
            }

            row += 1;
            SetText(ws.Cells[++row, 1], tests.Caveat, widths);
            row++;
        }

        if (differences is not null)
        {
            row++;
            WriteHeader(ws, row, ["Segment", .. differences.Features.Select(f => $"{f} (z)")], widths);
            for (var c = 0; c < differences.NumberOfSegments; c++)
            {
                row++;
                SetSegment(ws.Cells[row, 1], c, widths);
                for (var j = 0; j < differences.Features.Count; j++)
                {
                    SetValue(ws.Cells[row, j + 2], differences[c, j], widths, "0.00");
                }
            }
        }

        widths.Apply(ws);
    }

    private static void WriteParameters(ExcelPackage package, ReportInput input)
    {
        var ws = package.Workbook.Worksheets.Add(ParametersSheet);
        var widths = new ColumnWidths();
        WriteHeader(ws, 1, ["Item", "Value", "Note"], widths);
        var rows = new List<ReportItem>
        {
            new("Dataset", input.DatasetName),
            new("Dataset SHA-256", input.DatasetSha256),
            new("Algorithm", input.Algorithm),
            new("Generated", input.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'zzz", CultureInfo.InvariantCulture)),
            new("Customers", input.Customers.Count),
        };
        rows.AddRange(input.Parameters.Select(p => p with { Note = p.Note ?? "parameter" }));
        rows.AddRange(input.Metrics.Select(m => m with { Note = m.Note ?? "metric" }));
        if (input.Movers is { Selection: { } selection })
        {
            rows.Add(new ReportItem("Movers", selection, $"{MoversSheet} sheet"));
        }

        rows.AddRange(input.Warnings.Select(w => new ReportItem("Caveat", w)));
        var row = 1;
        foreach (var item in rows)
        {
            row++;
            SetText(ws.Cells[row, 1], item.Label, widths);
            SetValue(ws.Cells[row, 2], item.Value, widths, format: null);
            SetText(ws.Cells[row, 3], item.Note ?? string.Empty, widths);
        }

        FinishTable(ws, row, 3, widths);
    }

    private static void WriteHeader(ExcelWorksheet ws, int row, IReadOnlyList<string> headers, ColumnWidths widths)
    {
        for (var c = 0; c < headers.Count; c++)
        {
            SetText(ws.Cells[row, c + 1], headers[c], widths);
        }

        var range = ws.Cells[row, 1, row, headers.Count];
        range.Style.Font.Bold = true;
        range.Style.Font.Color.SetColor(Color.White);
        range.Style.Fill.PatternType = ExcelFillStyle.Solid;
        range.Style.Fill.BackgroundColor.SetColor(HeaderFill);
        range.Style.Border.Bottom.Style = ExcelBorderStyle.Thin;
    }

    private static void FinishTable(ExcelWorksheet ws, int lastRow, int columns, ColumnWidths widths)
    {
        ws.View.FreezePanes(2, 1);
        if (lastRow >= 1)
        {
            ws.Cells[1, 1, Math.Max(lastRow, 1), columns].AutoFilter = true;
        }

        widths.Apply(ws);
    }

    /// <summary>Writes text as a string cell; formula-like text also gets the quote prefix.</summary>
    private static void SetText(ExcelRange cell, string text, ColumnWidths widths)
    {
        var clean = CleanText(text);
        cell.Value = clean;
        if (CsvExport.IsFormulaLike(clean))
        {
            cell.Style.QuotePrefix = true;
        }

        widths.Observe(cell.Start.Column, LongestLine(clean));
    }

    /// <summary>The segment as a person reads it: its number from 1 (label + 1), or "Noise".</summary>
    private static void SetSegment(ExcelRange cell, int label, ColumnWidths widths)
    {
        if (SegmentNames.Number(label) is { } number)
        {
            SetValue(cell, number, widths, "0");
        }
        else
        {
            SetText(cell, SegmentNames.Noise, widths);
        }
    }

    private static void SetValue(ExcelRange cell, object? value, ColumnWidths widths, string? format)
    {
        switch (value)
        {
            case null:
                return;
            case double d when !double.IsFinite(d):
                SetText(cell, double.IsNaN(d) ? "n/a" : d > 0 ? "∞" : "-∞", widths);
                return;
            case double or float or int or long or short or decimal or byte:
                cell.Value = value;
                if (format is not null)
                {
                    cell.Style.Numberformat.Format = format;
                }

                widths.Observe(cell.Start.Column, NumberWidth(Convert.ToDouble(value, CultureInfo.InvariantCulture), format));
                return;
            case bool b:
                SetText(cell, b ? "yes" : "no", widths);
                return;
            case DateTime or DateTimeOffset:
                SetText(cell, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, widths);
                return;
            default:
                SetText(cell, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, widths);
                return;
        }
    }

    /// <summary>Drops characters XML 1.0 cannot hold and caps the length at Excel's cell limit.</summary>
    private static string CleanText(string text)
    {
        var needsCleaning = false;
        foreach (var ch in text)
        {
            if (ch < 0x20 && ch is not ('\t' or '\n' or '\r'))
            {
                needsCleaning = true;
                break;
            }
        }

        if (needsCleaning)
        {
            text = new string(text.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r').ToArray());
        }

        return text.Length > MaxCellText ? text[..MaxCellText] : text;
    }

    private static int LongestLine(string text)
    {
        var longest = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            longest = Math.Max(longest, line.Length);
        }

        return longest;
    }

    /// <summary>Money cells: two decimals with the currency symbol when one is known.</summary>
    private static string MoneyFormat(ReportInput input) =>
        input.Currency is { } currency ? $"\"{currency.Symbol.Replace("\"", "", StringComparison.Ordinal)}\"#,##0.00" : DecimalFormat;

    private static int NumberWidth(double value, string? format)
    {
        var magnitude = Math.Abs(value) < 1 ? 1 : (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        var digits = format switch
        {
            IntegerFormat => magnitude + (magnitude / 3),
            DecimalFormat => magnitude + (magnitude / 3) + 3,
            _ when format?.EndsWith("#,##0.00", StringComparison.Ordinal) == true => magnitude + (magnitude / 3) + 3 + format.Length - DecimalFormat.Length,
            PercentFormat => 6,
            _ => Math.Min(value.ToString("R", CultureInfo.InvariantCulture).Length, 12),
        };
        return digits + (value < 0 ? 1 : 0);
    }

    /// <summary>Tracks the longest content per column and sets widths from it (characters ≈ Excel width units).</summary>
    private sealed class ColumnWidths
    {
        private readonly Dictionary<int, int> _longest = [];

        public void Observe(int column, int length)
        {
            if (!_longest.TryGetValue(column, out var current) || length > current)
            {
                _longest[column] = length;
            }
        }

        /// <summary>Forgets a column (titles that may overflow into empty neighbours should not widen it).</summary>
        public void Reset(int column) => _longest.Remove(column);

        public void Apply(ExcelWorksheet ws)
        {
            foreach (var (column, length) in _longest)
            {
                ws.Column(column).Width = Math.Clamp(length + 3, 8, MaxColumnWidth);
            }
        }
    }
}

using System.Net.Http.Headers;
using System.Text;

namespace SegmentIQ.Tests.Sources;

/// <summary>
/// The test ClickHouse through its HTTP interface, in a database of its own (dropped on dispose). Plain HTTP because the
/// ClickHouse.Driver ADO.NET provider cannot query Debian's ClickHouse 18.16 (README, "ClickHouse, Trino, Spark SQL and warehouses").
/// All SQL sent here is the tests' own fixed text.
/// </summary>
public sealed class ClickHouseHttp : IDisposable
{
    private readonly HttpClient _http;

    public ClickHouseHttp(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var credentials = Uri.UnescapeDataString(address.UserInfo);
        _http = new HttpClient { BaseAddress = new Uri(address.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromMinutes(3) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        Execute($"CREATE DATABASE {Database}");
    }

    /// <summary>This connection's own database.</summary>
    public string Database { get; } = "siq_export_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Runs a statement, with <paramref name="body"/> as the data of an <c>INSERT … FORMAT …</c>.</summary>
    public void Execute(string sql, Stream? body = null)
    {
        using var request = Request(sql, body);
        using var response = _http.Send(request, HttpCompletionOption.ResponseContentRead);
        EnsureSuccess(response, sql);
    }

    /// <summary>Runs a query and writes its output (in the format the query names) to <paramref name="path"/>.</summary>
    public void Download(string sql, string path)
    {
        using var request = Request(sql, null);
        using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead);
        EnsureSuccess(response, sql);
        using var file = File.Create(path);
        response.Content.ReadAsStream().CopyTo(file);
    }

    private HttpRequestMessage Request(string sql, Stream? body) =>
        body is null
            ? new HttpRequestMessage(HttpMethod.Post, $"/?database={Uri.EscapeDataString(DatabaseOrDefault(sql))}") { Content = new StringContent(sql, Encoding.UTF8) }
            : new HttpRequestMessage(HttpMethod.Post, $"/?database={Database}&query={Uri.EscapeDataString(sql)}") { Content = new StreamContent(body) };

    // The database is created by the first statement, which cannot name it as its default yet.
    private string DatabaseOrDefault(string sql) => sql.StartsWith("CREATE DATABASE", StringComparison.Ordinal) ? "default" : Database;

    private static void EnsureSuccess(HttpResponseMessage response, string sql)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ClickHouse answered {(int)response.StatusCode} to `{sql}`: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    public void Dispose()
    {
        try
        {
            Execute($"DROP DATABASE IF EXISTS {Database}");
        }
        finally
        {
            _http.Dispose();
        }
    }
}

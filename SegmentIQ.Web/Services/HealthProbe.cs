namespace SegmentIQ.Web.Services;

/// <summary>The container health check: one GET with a short timeout, exit code 0 on 2xx, 1 otherwise.</summary>
public static class HealthProbe
{
    /// <summary>Probes <paramref name="url"/>.</summary>
    public static async Task<int> RunAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException)
        {
            return 1;
        }
        catch (TaskCanceledException)
        {
            return 1;
        }
    }
}

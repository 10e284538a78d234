# syntax=docker/dockerfile:1
# Build: SDK image compiles and publishes the web app.
# Exact versions (the SDK of global.json and the runtime it ships), never a floating 10.0 tag.
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-bookworm-slim AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig SegmentIQ.Blazor.sln ./
COPY SegmentIQ.Analytics/SegmentIQ.Analytics.csproj SegmentIQ.Analytics/
COPY SegmentIQ.Web/SegmentIQ.Web.csproj SegmentIQ.Web/
RUN dotnet restore SegmentIQ.Web/SegmentIQ.Web.csproj
COPY SegmentIQ.Analytics/ SegmentIQ.Analytics/
COPY SegmentIQ.Web/ SegmentIQ.Web/
RUN dotnet publish SegmentIQ.Web/SegmentIQ.Web.csproj -c Release -o /app --no-restore

# Run: the ASP.NET runtime image, as a non-root user, on port 8080.
FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-bookworm-slim AS runtime
WORKDIR /app
COPY --from=build /app ./
# The library of saved analyses, their data copies and the schedules: the one folder the app writes. Mount a volume
# here to keep them across containers; API keys come from the environment (SegmentIQ__Api__Keys__0=…).
RUN mkdir -p /data/library /data/exchange /data/uploads && chown -R $APP_UID /data && chmod 0700 /data/uploads
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=0 \
    SegmentIQ__LibraryPath=/data/library \
    SegmentIQ__ScheduleFolders__0=/data/exchange \
    SegmentIQ__UploadFolder=/data/uploads
VOLUME /data
EXPOSE 8080
USER $APP_UID
# The runtime image has no curl: the app itself probes (dotnet SegmentIQ.Web.dll --probe URL exits 0 on 2xx).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["dotnet", "/app/SegmentIQ.Web.dll", "--probe", "http://127.0.0.1:8080/api/v1/health/live"]
# AllowedHosts defaults to localhost only: set AllowedHosts=your.host (e.g. -e AllowedHosts=segmentiq.example.com).
ENTRYPOINT ["dotnet", "SegmentIQ.Web.dll"]

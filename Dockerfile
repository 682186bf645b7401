# syntax=docker/dockerfile:1
# Build: the SDK image restores and publishes Release.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish ServiceUsage.Web/ServiceUsage.Web.csproj -c Release -o /app --nologo

# The ASP.NET runtime, taken from Microsoft's image.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS aspnet

# Run: Debian 12 (as on the development machines), whose Chromium prints statement PDFs with Noto CJK fonts
# (docs/adr/0010; the .NET 10 images are Ubuntu, where chromium is a snap that does not run in a container).
# A non-root user, port 8080.
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libicu72 libssl3 tzdata zlib1g chromium fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1654 app && useradd --uid 1654 --gid app --no-create-home app
COPY --from=aspnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Database__DataDirectory=/app/data \
    Statements__ChromiumPath=/usr/bin/chromium \
    HOME=/tmp
RUN mkdir -p /app/data && chown -R app:app /app/data
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["dotnet", "ServiceUsage.Web.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "ServiceUsage.Web.dll"]

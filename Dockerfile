# syntax=docker/dockerfile:1
# Builds the service only. Infra/ and the tests are not part of the image.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so this layer is cached until a dependency changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Service/Service.csproj Service/
RUN dotnet restore Service/Service.csproj --runtime linux-x64
COPY Service/ Service/
RUN dotnet publish Service/Service.csproj --configuration Release --runtime linux-x64 --self-contained false \
        --no-restore -p:PublishReadyToRun=true --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The aspnet image ships the non-root user "app" (uid 1654).
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Switchyard.Service.dll"]

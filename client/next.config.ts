// Static export: the Django server serves client/out at "/" on the same origin
// as the API and Socket.IO, so there is no Node server in production.
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  output: 'export',
  // "/login/" -> out/login/index.html, which any static file server can map
  // without extension guessing.
  trailingSlash: true,
  reactStrictMode: true,
  images: { unoptimized: true },
  poweredByHeader: false,
};

export default nextConfig;

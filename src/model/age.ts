// Object age the way kubectl prints it: the largest unit that fits, two units while small (e.g. `3h12m`).

export function age(creationTimestamp: string | undefined, now: number = Date.now()): string {
  if (!creationTimestamp) return '';
  const created = Date.parse(creationTimestamp);
  if (Number.isNaN(created)) return '';
  const seconds = Math.max(0, Math.floor((now - created) / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (seconds < 120) return `${seconds}s`;
  if (minutes < 10) return seconds % 60 ? `${minutes}m${seconds % 60}s` : `${minutes}m`;
  if (hours < 3) return `${minutes}m`;
  if (hours < 8) return minutes % 60 ? `${hours}h${minutes % 60}m` : `${hours}h`;
  if (days < 2) return `${hours}h`;
  if (days < 8) return hours % 24 ? `${days}d${hours % 24}h` : `${days}d`;
  if (days < 365 * 2) return `${days}d`;
  if (days < 365 * 8) return days % 365 ? `${Math.floor(days / 365)}y${days % 365}d` : `${Math.floor(days / 365)}y`;
  return `${Math.floor(days / 365)}y`;
}

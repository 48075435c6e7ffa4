/** Numbers in decision reasons, as a person reads them. */

export const formatWindow = (minutes: number): string =>
  minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

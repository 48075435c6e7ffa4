/**
 * People by name: emails, pages and the report say "Sam Okafor", never the address, wherever
 * the config knows the Owner. Someone the config does not know is shown by what we have.
 */

export interface Person {
  name: string;
  email: string;
}

/** The Owner's name for an email address (any case); the address itself when unknown. */
export function personName(owners: readonly Person[], who: string): string {
  const key = who.toLowerCase();
  return owners.find((o) => o.email.toLowerCase() === key)?.name ?? who;
}

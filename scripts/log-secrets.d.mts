export function findSecrets(text: string, literals?: string[]): { line: number; what: string; text: string }[];
export function redact(line: string): string;
export function testPasswords(dirs: string[]): string[];

// Realistic names for the demo account (no real people).
export const DEMO_PEOPLE: [string, string, string][] = [
  ["Amelia", "Hart", "Engineering"], ["Bruno", "Okafor", "Engineering"], ["Chen", "Wei", "Engineering"],
  ["Dalia", "Nasser", "Design"], ["Emil", "Lindqvist", "Engineering"], ["Fatima", "Zahra", "Finance"],
  ["Gustavo", "Pereira", "Sales"], ["Hana", "Sato", "Design"], ["Ivan", "Petrov", "Operations"],
  ["Julia", "Kowalski", "Engineering"], ["Kwame", "Mensah", "Sales"], ["Lena", "Fischer", "People"],
  ["Mateo", "García", "Support"], ["Nadia", "Haddad", "Legal"], ["Oscar", "Brennan", "Support"],
  ["Priya", "Raman", "Engineering"], ["Quentin", "Moreau", "Finance"], ["Rosa", "Delgado", "Marketing"],
  ["Samuel", "Adeyemi", "Operations"], ["Tara", "O'Neill", "Marketing"], ["Umar", "Farooq", "Engineering"],
  ["Valentina", "Russo", "Sales"], ["William", "Tan", "Support"], ["Ximena", "Castro", "Design"],
  ["Yusuf", "Demir", "Engineering"], ["Zoe", "Campbell", "People"], ["Arjun", "Mehta", "Engineering"],
  ["Beatriz", "Santos", "Marketing"], ["Connor", "Walsh", "Sales"], ["Daria", "Volkova", "Finance"],
  ["Elias", "Berg", "Operations"], ["Freya", "Nielsen", "Support"], ["Gabriel", "Dubois", "Legal"],
  ["Helena", "Novak", "Engineering"], ["Isaac", "Cohen", "Engineering"], ["Jasmine", "Ali", "Sales"],
];

/// Indian names as Indian passports print them (Latin letters, no diacritics).
enum HindiNames {
    static let corpus = NameCorpus(
        male: ["AARAV", "VIVAAN", "ADITYA", "VIHAAN", "ARJUN", "SAI", "REYANSH", "AYAAN", "KRISHNA", "ISHAAN",
               "RAHUL", "AMIT", "RAJESH", "SURESH", "RAMESH", "VIJAY", "SANJAY", "ANIL", "SUNIL", "MANOJ",
               "DEEPAK", "ASHOK", "RAVI", "PRAKASH", "ANAND", "VIKRAM", "ROHAN", "KARAN", "NIKHIL", "PRANAV",
               "ABHISHEK", "GAURAV", "HARSH", "MOHIT", "SACHIN", "VARUN", "YASH", "KUNAL", "SIDDHARTH", "RAJIV"],
        female: ["PRIYA", "ANANYA", "DIYA", "SARA", "ADITI", "KAVYA", "AADHYA", "PIHU", "NEHA", "POOJA",
                 "SUNITA", "ANITA", "KAVITA", "REKHA", "MEENA", "GEETA", "LAKSHMI", "SITA", "RADHA", "USHA",
                 "DEEPIKA", "SHREYA", "SNEHA", "RIYA", "ISHITA", "NISHA", "PALLAVI", "SWATI", "DIVYA", "ANJALI",
                 "KRITI", "TANVI", "MEGHA", "SHWETA", "RUCHI", "VIDYA", "JYOTI", "ARCHANA", "SAVITRI", "NANDINI"],
        surnames: ["SHARMA", "VERMA", "GUPTA", "SINGH", "KUMAR", "PATEL", "SHAH", "MEHTA", "JOSHI", "DESAI",
                   "REDDY", "RAO", "NAIR", "PILLAI", "IYER", "MENON", "CHOPRA", "KAPOOR", "MALHOTRA", "KHANNA",
                   "BHATIA", "SAXENA", "AGARWAL", "BANSAL", "JAIN", "MISHRA", "PANDEY", "TIWARI", "DUBEY", "YADAV",
                   "CHAUHAN", "RATHORE", "THAKUR", "CHATTERJEE", "BANERJEE", "MUKHERJEE", "DAS", "BOSE", "GHOSH", "SEN",
                   "KULKARNI", "DESHPANDE", "PATIL", "NAIDU", "GILL", "SANDHU", "DHILLON", "KAUR", "SETHI", "KHAN"])
}
